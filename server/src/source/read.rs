//! Reading a file's bytes from disk.
//!
//! On Unix a descriptor of the file's folder is kept per thread and the file is opened
//! relative to it: the kernel then resolves one name instead of every folder of the path
//! again (a tenth of the time of a corpus run went to resolving paths). Files arrive folder by
//! folder from the walk, so one folder per thread is enough.

use std::io::Read;
use std::path::Path;

/// The bytes of the file at `path` (as [`std::fs::read`] gives them).
pub fn read_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    #[cfg(unix)]
    {
        if let Some((dir, name)) = split_plain(path) {
            return read_in(dir, name);
        }
    }
    let mut file = std::fs::File::open(path)?;
    read_all(&mut file)
}

/// The rest of `file`: room for its size and one byte more is reserved, so the read that
/// fills it is followed by a single read that finds the end (`read_to_end` of a `File` asks
/// for the size and position again, and probes once more after a full buffer).
fn read_all(file: &mut std::fs::File) -> std::io::Result<Vec<u8>> {
    let size = file.metadata().map(|m| m.len() as usize).unwrap_or(0);
    let mut bytes = Vec::new();
    bytes.try_reserve_exact(size.saturating_add(1))?;
    Read::by_ref(file).take(u64::MAX).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Folder and name of a path that ends in a plain name (`dir/name`, as the walk makes them),
/// split at its last `/` (cheaper than `parent` and `file_name`, which parse components).
#[cfg(unix)]
fn split_plain(path: &Path) -> Option<(&Path, &Path)> {
    use std::os::unix::ffi::OsStrExt;
    let bytes = path.as_os_str().as_bytes();
    let slash = memchr::memrchr(b'/', bytes)?;
    let (dir, name) = (&bytes[..slash], &bytes[slash + 1..]);
    if dir.is_empty() || name.is_empty() || name == b"." || name == b".." {
        return None;
    }
    let os = |b| Path::new(std::ffi::OsStr::from_bytes(b));
    Some((os(dir), os(name)))
}

#[cfg(unix)]
fn read_in(dir: &Path, name: &Path) -> std::io::Result<Vec<u8>> {
    use rustix::fs::{openat, Mode, OFlags, CWD};
    use std::cell::RefCell;
    use std::os::fd::OwnedFd;
    use std::path::PathBuf;
    thread_local! {
        static FOLDER: RefCell<Option<(PathBuf, OwnedFd)>> = const { RefCell::new(None) };
    }
    FOLDER.with(|cell| {
        let mut folder = cell.borrow_mut();
        let cached = folder
            .as_ref()
            .filter(|(p, _)| p.as_os_str() == dir.as_os_str());
        let fd = match cached {
            Some((_, fd)) => openat(fd, name, OFlags::RDONLY | OFlags::CLOEXEC, Mode::empty()),
            None => {
                let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
                let d = openat(CWD, dir, flags, Mode::empty())?;
                let fd = openat(&d, name, OFlags::RDONLY | OFlags::CLOEXEC, Mode::empty());
                *folder = Some((dir.to_path_buf(), d));
                fd
            }
        }?;
        read_all(&mut std::fs::File::from(fd))
    })
}

#[cfg(test)]
mod tests {
    use super::read_bytes;

    #[test]
    fn reads_like_std_and_reports_missing_files() {
        let dir = std::env::temp_dir().join(format!("detlint-read-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        let a = dir.join("a.yml");
        let b = dir.join("sub").join("b.yml");
        std::fs::write(&a, "title: a\n").unwrap();
        std::fs::write(&b, vec![b'x'; 100_000]).unwrap();
        // alternate folders so the per-thread folder is replaced and reused
        for _ in 0..2 {
            assert_eq!(read_bytes(&a).unwrap(), std::fs::read(&a).unwrap());
            assert_eq!(read_bytes(&b).unwrap(), std::fs::read(&b).unwrap());
        }
        let missing = read_bytes(&dir.join("missing.yml")).unwrap_err();
        let std_missing = std::fs::read(dir.join("missing.yml")).unwrap_err();
        assert_eq!(missing.to_string(), std_missing.to_string());
        let root_file = read_bytes(std::path::Path::new("/no-such-detlint-file")).unwrap_err();
        assert_eq!(root_file.kind(), std::io::ErrorKind::NotFound);
        let in_missing_folder = read_bytes(&dir.join("nope").join("x.yml")).unwrap_err();
        assert_eq!(in_missing_folder.kind(), std::io::ErrorKind::NotFound);
        assert!(
            read_bytes(&dir.join("sub")).is_err(),
            "a folder is not a file"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

//! detlint library.

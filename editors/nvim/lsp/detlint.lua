-- detlint language server configuration, Neovim 0.11 `vim.lsp.config` style.
-- Enabled by plugin/detlint.lua (`vim.lsp.enable('detlint')`); override with
-- `vim.lsp.config('detlint', { cmd = { '/path/to/detlint', 'lsp' } })`.
--
-- YAML rules get the compound filetypes yaml.sigma, yaml.splunk, yaml.sentinel and yaml.panther
-- from ftdetect/detlint.lua. Elastic TOML and Panther Python keep their filetypes (toml, python);
-- root_dir attaches only to buffers whose content is a rule, so Cargo.toml or an ordinary Python
-- module never starts the server.
local root_markers = { ".detlint.toml", ".git" }

return {
  cmd = { "detlint", "lsp" },
  filetypes = { "yaml.sigma", "yaml.splunk", "yaml.sentinel", "yaml.panther", "toml", "python" },
  root_markers = root_markers,
  root_dir = function(bufnr, on_dir)
    local ok, detect = pcall(require, "detlint.detect")
    if ok and not detect.is_rule_buffer(bufnr) then
      return
    end
    local name = vim.api.nvim_buf_get_name(bufnr)
    local root = (ok and detect.find_root(name, root_markers)) or vim.fn.fnamemodify(name, ":p:h")
    on_dir(root)
  end,
  init_options = { catalog = vim.NIL, severityThreshold = "info" },
}

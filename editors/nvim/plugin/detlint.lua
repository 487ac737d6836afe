-- detlint for Neovim: `vim.lsp.enable('detlint')` on 0.11+, else start the client on FileType
-- (vim.lsp.start on 0.8–0.10, vim.lsp.start_client + buf_attach_client on 0.7).
--
-- Options (optional), set before this file runs:
--   vim.g.detlint = { cmd = { "/path/to/detlint", "lsp" }, init_options = { severityThreshold = "warning" } }
if vim.g.loaded_detlint then
  return
end
vim.g.loaded_detlint = true

local user = vim.g.detlint or {}

if vim.lsp.enable and vim.lsp.config then
  if next(user) ~= nil then
    vim.lsp.config("detlint", user)
  end
  vim.lsp.enable("detlint")
  return
end

-- Neovim 0.7–0.10.
local files = vim.api.nvim_get_runtime_file("lsp/detlint.lua", false)
if #files == 0 then
  return
end
local base = dofile(files[1])
local config = vim.tbl_deep_extend("force", base, user)
local detect = require("detlint.detect")
local clients = {} -- root folder -> client id (0.7)

local function attach(bufnr)
  if vim.bo[bufnr].buftype ~= "" or not detect.is_rule_buffer(bufnr) then
    return
  end
  local name = vim.api.nvim_buf_get_name(bufnr)
  local root = detect.find_root(name, config.root_markers) or vim.fn.fnamemodify(name, ":p:h")
  local start = {
    name = "detlint",
    cmd = config.cmd,
    root_dir = root,
    init_options = config.init_options,
    settings = config.settings,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
  }
  if vim.lsp.start then
    vim.lsp.start(start, { bufnr = bufnr })
    return
  end
  local id = clients[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client(start)
    if not id then
      vim.notify("detlint: cannot start " .. table.concat(config.cmd, " "), vim.log.levels.ERROR)
      return
    end
    clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

vim.api.nvim_create_autocmd("FileType", {
  group = vim.api.nvim_create_augroup("detlint_lsp", { clear = true }),
  pattern = config.filetypes,
  callback = function(args)
    attach(args.buf)
  end,
})

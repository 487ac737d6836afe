-- Headless end-to-end: open a Sigma fixture with the plugin loaded, wait for detlint's
-- diagnostics, print them, request a hover, apply the DL204 quick fix and check the buffer.
-- Run from the repository root with `detlint` on PATH:
--   nvim --headless --clean -u NONE --cmd 'set rtp^=editors/nvim' -c 'filetype on' \
--     -c 'runtime! plugin/detlint.lua' -c 'luafile tests/editors/nvim_lsp.lua'
-- Output lines: VERSION, FT, CLIENTS, DIAG <code> <line> <col> <end_line> <end_col> <severity>
-- (0-based), HOVER <text>, FIXED <line text>, AFTER <codes>, NOTATTACHED <file> <n>, DONE.
local function out(s)
  io.stdout:write(s .. "\n")
end

local function clients_of(buf)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = buf, name = "detlint" })
  end
  local list = {}
  for _, c in pairs(vim.lsp.buf_get_clients(buf)) do
    if c.name == "detlint" then
      table.insert(list, c)
    end
  end
  return list
end

local function code_of(d)
  local c = d.code
  if c == nil and d.user_data and d.user_data.lsp then
    c = d.user_data.lsp.code
  end
  return tostring(c)
end

local function lsp_diag(d)
  -- 0.11 keeps the whole LSP diagnostic in user_data.lsp; 0.7 only some fields (no range).
  local lsp = vim.deepcopy((d.user_data and d.user_data.lsp) or {})
  lsp.range = lsp.range
    or { start = { line = d.lnum, character = d.col }, ["end"] = { line = d.end_lnum, character = d.end_col } }
  lsp.message = lsp.message or d.message
  lsp.severity = lsp.severity or d.severity
  lsp.code = lsp.code or d.code
  lsp.source = lsp.source or d.source
  return lsp
end

local function sorted(diags)
  table.sort(diags, function(a, b)
    if a.lnum ~= b.lnum then
      return a.lnum < b.lnum
    end
    return a.col < b.col
  end)
  return diags
end

local ok, err = pcall(function()
  local v = vim.version()
  out(string.format("VERSION %d.%d.%d", v.major, v.minor, v.patch))
  vim.cmd("edit tests/editors/fixtures/sigma_bad.yml")
  local buf = vim.api.nvim_get_current_buf()
  out("FT " .. vim.bo[buf].filetype)
  if not vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50) then
    error("no diagnostics within 20 s (clients attached: " .. #clients_of(buf) .. ")")
  end
  out("CLIENTS " .. #clients_of(buf))
  local diags = sorted(vim.diagnostic.get(buf))
  local fixable
  for _, d in ipairs(diags) do
    out(string.format("DIAG %s %d %d %d %d %d", code_of(d), d.lnum, d.col, d.end_lnum, d.end_col, d.severity))
    if code_of(d) == "DL204" then
      fixable = d
    end
  end
  local client = clients_of(buf)[1]
  local caps = client.server_capabilities or client.resolved_capabilities or {}

  -- Hover at the start of the first diagnostic.
  if caps.hoverProvider then
    local res = vim.lsp.buf_request_sync(buf, "textDocument/hover", {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      position = { line = diags[1].lnum, character = diags[1].col },
    }, 10000)
    local text = ""
    for _, r in pairs(res or {}) do
      local c = r.result and r.result.contents
      if type(c) == "table" then
        text = c.value or (c[1] and (c[1].value or c[1])) or ""
      elseif type(c) == "string" then
        text = c
      end
    end
    out("HOVER " .. (text:gsub("%s+", " "):sub(1, 200)))
  else
    out("HOVER unsupported")
  end

  -- The quick fix of DL204, applied to the buffer.
  if fixable == nil then
    error("no DL204 diagnostic")
  end
  local range = lsp_diag(fixable).range
  local res = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = range,
    context = { diagnostics = { lsp_diag(fixable) }, only = { "quickfix" } },
  }, 10000)
  local applied = false
  for _, r in pairs(res or {}) do
    if r.error then
      error("codeAction: " .. tostring(r.error.message))
    end
    for _, action in ipairs(r.result or {}) do
      if not applied and action.edit then
        vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or "utf-16")
        applied = true
      end
    end
  end
  if not applied then
    error("no code action with an edit for DL204")
  end
  out("FIXED " .. vim.api.nvim_buf_get_lines(buf, range.start.line, range.start.line + 1, false)[1])
  local gone = vim.wait(10000, function()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if code_of(d) == "DL204" then
        return false
      end
    end
    return true
  end, 50)
  local codes = {}
  for _, d in ipairs(sorted(vim.diagnostic.get(buf))) do
    table.insert(codes, code_of(d))
  end
  out("AFTER " .. (gone and "" or "STILL-DL204 ") .. table.concat(codes, ","))

  -- Files that are not rules never get the client.
  for _, name in ipairs({ "not_a_rule.yml", "not_a_rule.toml", "not_a_rule.py" }) do
    vim.cmd("edit tests/editors/fixtures/" .. name)
    vim.wait(300)
    out(string.format("NOTATTACHED %s %d", name, #clients_of(vim.api.nvim_get_current_buf())))
  end
  for _, name in ipairs({ "splunk_rule.yml", "sentinel_rule.yaml", "panther_rule.yml", "elastic_rule.toml", "panther_rule.py" }) do
    vim.cmd("edit tests/editors/fixtures/" .. name)
    local b = vim.api.nvim_get_current_buf()
    vim.wait(5000, function() return #clients_of(b) > 0 end, 50)
    out(string.format("ATTACHED %s %d", name, #clients_of(b)))
  end
  out("DONE")
end)
if not ok then
  out("ERROR " .. tostring(err))
  vim.cmd("cquit 1")
end
vim.cmd("qall!")

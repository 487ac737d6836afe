-- Headless: which filetype each fixture gets and whether the plugin counts it as a rule.
-- Run from the repository root:
--   nvim --headless --clean -u NONE --cmd 'set rtp^=editors/nvim' -c 'luafile tests/editors/nvim_ftdetect.lua'
-- Prints `FT <file> <filetype> <rule|other>` per fixture, then `DONE`; exits non-zero on error.
local function out(s)
  io.stdout:write(s .. "\n")
end

local ok, err = pcall(function()
  vim.cmd("filetype on")
  local detect = require("detlint.detect")
  local names = {
    "sigma_bad.yml", "splunk_rule.yml", "sentinel_rule.yaml", "panther_rule.yml",
    "panther_rule.py", "elastic_rule.toml", "not_a_rule.yml", "not_a_rule.toml", "not_a_rule.py",
  }
  for _, name in ipairs(names) do
    vim.cmd("edit tests/editors/fixtures/" .. name)
    local buf = vim.api.nvim_get_current_buf()
    local kind = detect.is_rule_buffer(buf) and "rule" or "other"
    out(string.format("FT %s %s %s", name, vim.bo[buf].filetype, kind))
  end
  out("DONE")
end)
if not ok then
  out("ERROR " .. tostring(err))
  vim.cmd("cquit 1")
end
vim.cmd("qall!")

-- Which detection-rule format a buffer holds, by its content. Mirrors detlint's own detection
-- (server/src/source/sniff.rs): top-level YAML keys, `[rule]` in TOML, `def rule(` in Python.
-- Works on Neovim 0.7 and later (no vim.fs, no vim.filetype.add patterns).

local M = {}

--- How many lines of a buffer are read to decide.
M.max_lines = 400

local function lines_of(bufnr)
  local n = vim.api.nvim_buf_line_count(bufnr)
  return vim.api.nvim_buf_get_lines(bufnr, 0, math.min(n, M.max_lines), false)
end

--- The set of top-level (column 0) YAML keys in `lines`.
function M.top_level_keys(lines)
  local keys = {}
  for _, l in ipairs(lines) do
    local k = l:match("^[\"']?([%a_][%w_%-%.]*)[\"']?%s*:")
    if k then
      keys[k] = true
    end
  end
  return keys
end

--- The format of YAML lines: 'sigma', 'splunk', 'sentinel', 'panther' or nil.
function M.yaml_format(lines)
  if lines[1] then
    lines[1] = lines[1]:gsub("^\239\187\191", "")
  end
  local k = M.top_level_keys(lines)
  if k.AnalysisType or (k.RuleID and (k.LogTypes or k.Detection)) then
    return "panther"
  end
  if k.detection or k.logsource or k.correlation or (k.filter and k.title) then
    return "sigma"
  end
  if k.search and (k.name or k.tags or k.how_to_implement) then
    return "splunk"
  end
  if k.query and (k.requiredDataConnectors or k.queryFrequency or k.relevantTechniques
      or k.tactics or k.entityMappings or k.kind or (k.name and k.id)) then
    return "sentinel"
  end
  return nil
end

--- Whether TOML lines are an Elastic detection rule.
function M.is_elastic_toml(lines)
  local rule, metadata, query = false, false, false
  for _, l in ipairs(lines) do
    local t = l:match("^%s*(.-)%s*$")
    if t:sub(1, 6) == "[rule]" or t:sub(1, 6) == "[hunt]" then
      rule = true
    elseif t:sub(1, 10) == "[metadata]" then
      metadata = true
    end
    if l:find("query", 1, true) then
      query = true
    end
  end
  return rule or (metadata and query)
end

--- Whether Python lines are a Panther rule body.
function M.is_panther_python(lines)
  for _, l in ipairs(lines) do
    if l:find("def rule(", 1, true) then
      return true
    end
  end
  return false
end

--- Whether buffer `bufnr` is a rule detlint checks (by its filetype's base and its content).
function M.is_rule_buffer(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local ft = vim.bo[bufnr].filetype
  local base = ft:match("^[^.]*")
  local lines = lines_of(bufnr)
  if base == "yaml" then
    return M.yaml_format(lines) ~= nil
  elseif base == "toml" then
    return M.is_elastic_toml(lines)
  elseif base == "python" then
    return M.is_panther_python(lines)
  end
  return false
end

--- Set the compound filetype `yaml.<format>` on a YAML buffer that holds a rule.
function M.set_yaml_filetype(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local fmt = M.yaml_format(lines_of(bufnr))
  if fmt and vim.bo[bufnr].filetype ~= "yaml." .. fmt then
    vim.bo[bufnr].filetype = "yaml." .. fmt
  end
end

--- The folder above `path` that holds one of `markers`, or nil (no vim.fs on 0.7).
function M.find_root(path, markers)
  local dir = vim.fn.fnamemodify(path, ":p:h")
  while dir and dir ~= "" do
    for _, m in ipairs(markers) do
      if vim.loop.fs_stat(dir .. "/" .. m) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ":h")
    if parent == dir then
      break
    end
    dir = parent
  end
  return nil
end

return M

-- Compound filetypes for YAML detection rules, decided by content: yaml.sigma, yaml.splunk,
-- yaml.sentinel, yaml.panther. Runs after the built-in `*.yml` detection on 0.7 and 0.11.
local group = vim.api.nvim_create_augroup("detlint_ftdetect", { clear = true })
vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile", "BufWritePost" }, {
  group = group,
  pattern = { "*.yml", "*.yaml" },
  callback = function(args)
    local ft = vim.bo[args.buf].filetype
    if ft == "yaml" or ft == "" or ft:match("^yaml%.") then
      require("detlint.detect").set_yaml_filetype(args.buf)
    end
  end,
})

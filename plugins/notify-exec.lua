-- notify-exec: delivers every message (message_sent) by running a program.
--
-- Stationkeeper records messages (`stationctl message`, policies' s:message(…));
-- this plugin puts them on screens. For each message it runs `program` with
-- `args`, where the placeholders {user}, {station}, {computer}, {session} and
-- {text} are replaced by the message's values ({station} is empty for a
-- suspended session). Unless an argument uses {text}, the text is given on
-- standard input, which is how wall(1) reads it. No shell is involved: each
-- argument reaches the program as written. Every run is journaled (plugin_exec).
-- A program that fails or runs past `timeout` is logged as a warning.
--
-- Enable it in stationkeeper.lua (running programs needs the exec grant):
--   plugin "notify-exec" { allow = { "exec" } }       -- wall(1): every terminal of the computer
--   plugin "notify-exec" {
--     allow = { "exec" },
--     program = "/usr/local/bin/desktop-notify",
--     args = { "--user", "{user}", "--station", "{station}", "{text}" },
--     timeout = "5s",
--   }

defaults {
  program = "/usr/bin/wall",  -- an absolute path: there is no PATH search and no shell
  args = {},                  -- extra arguments; placeholders {user} {station} {computer} {session} {text}
  timeout = "10s",            -- the program is killed after this long
}

-- The argument list for one message: placeholders replaced, the rest as written.
local function arguments(message)
  local values = {
    user = message.user or "", station = message.station or "", computer = message.computer or "",
    session = tostring(message.session or ""), text = message.text or "",
  }
  local list, uses_text = {}, false
  for i, arg in ipairs(settings.args) do
    if string.find(arg, "{text}", 1, true) then uses_text = true end
    -- A function replacement: '%' in a message is kept as written.
    list[i] = string.gsub(arg, "{(%a+)}", function(name) return values[name] end)
  end
  return list, uses_text
end

-- Says why a run failed, or nil when it went well.
local function failure(result)
  if result.error then return result.error end
  if result.timed_out then return "killed after " .. settings.timeout end
  if result.status ~= 0 then
    local said = (result.stderr or ""):gsub("%s+$", "")
    return "exit " .. result.status .. (said ~= "" and (": " .. said) or "")
  end
  return nil
end

notifier(function(message)
  local args, uses_text = arguments(message)
  local result = exec{
    program = settings.program, args = args, timeout = settings.timeout,
    input = (not uses_text) and message.text or nil,
  }
  local why = failure(result)
  if why then
    log.warn("could not deliver the message to " .. (message.user or "?") .. "@" .. (message.computer or "?")
             .. " with " .. settings.program .. ": " .. why)
  end
end)

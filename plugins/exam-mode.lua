-- exam-mode: closes a computer's stations for an exam, except the ones kept for candidates.
--
--   stationctl exam-mode on --computer LAB-1 --keep LAB-1/1 --keep LAB-1/2 [--message TEXT]
--   stationctl exam-mode status --computer LAB-1
--   stationctl exam-mode off --computer LAB-1
--
-- `on`: on every station of the computer that is not kept, the session there
-- (if any) gets the exam message and is suspended (its work stays in memory),
-- then the station is blocked showing the message. Kept stations and stations
-- already blocked are left alone. `off` unblocks only the stations whose block
-- message is the exam message, so a station blocked for another reason stays
-- blocked. Policies can do the same with actions:
--   at("09:00", function() actions.exam_on{ computer = "LAB-1", keep = { "LAB-1/1" } } end)
--   at("12:00", function() actions.exam_off{ computer = "LAB-1" } end)
--
-- Enable it in stationkeeper.lua:
--   plugin "exam-mode" { message = "Exam in progress: this station is closed" }

defaults {
  message = "Exam in progress",  -- shown on blocked stations and sent to the sessions suspended
}

local USAGE = "stationctl exam-mode on|off|status --computer C [--keep C/S …] [--message TEXT]"
local REASON = "exam mode"

-- The options each subcommand takes.
local OPTIONS = {
  on = { computer = true, keep = true, message = true },
  off = { computer = true, message = true },
  status = { computer = true, message = true },
}

-- Reads "--name=value" or "--name value" at args[i]: name, value, words used.
local function option(args, i)
  local name, value = string.match(args[i], "^%-%-([%a-]+)=(.*)$")
  if name then return name, value, 1 end
  return string.match(args[i], "^%-%-([%a-]+)$"), args[i + 1], 2
end

-- The command line as a table { verb, computer, keep = { … }, message }, or nil and why.
local function parse(args)
  local verb = args[1]
  local allowed = OPTIONS[verb or ""]
  if not allowed then
    return nil, verb and ("unknown subcommand '" .. verb .. "'") or "missing subcommand"
  end
  local options, i = { verb = verb, keep = {} }, 2
  while i <= #args do
    local name, value, used = option(args, i)
    if not (name and allowed[name]) then return nil, "unknown option '" .. args[i] .. "' for " .. verb end
    if value == nil then return nil, "--" .. name .. " needs a value" end
    if name == "keep" then options.keep[#options.keep + 1] = value else options[name] = value end
    i = i + used
  end
  if not options.computer then return nil, "--computer is required" end
  return options
end

-- The stations of computer `name` and the set of kept station ids, or nil and why.
-- A kept station may be written "C/S" or just "S".
local function survey(name, keep)
  if computer(name) == nil then return nil, "no computer '" .. name .. "'" end
  local all, known, kept = stations{ computer = name }, {}, {}
  for _, st in ipairs(all) do known[st.id] = true end
  for _, id in ipairs(keep or {}) do
    if not string.find(id, "/", 1, true) then id = name .. "/" .. id end
    if not known[id] then return nil, "cannot keep " .. id .. ": no such station on " .. name end
    kept[id] = true
  end
  return all, kept
end

-- Closes one station: messages and suspends its session, then blocks it.
-- Returns what it did, or nil and why it skipped the station.
local function close_station(st, text)
  local did = "blocked " .. st.id
  local s = st.session and session(st.session)
  if s then
    s:message(text)
    local ok, why = s:suspend(REASON)
    if not ok then return nil, "cannot suspend " .. s.user .. "@" .. s.computer .. ": " .. why end
    did = did .. " (" .. s.user .. "@" .. s.computer .. " messaged and suspended)"
  end
  local ok, why = st:block{ message = text, reason = REASON }
  if not ok then return nil, why end
  return did
end

-- Exam mode on: returns { done = { … }, skipped = { … } }, or nil and why.
local function exam_on(name, keep, text)
  local all, kept = survey(name, keep)
  if not all then return nil, kept end
  local report = { done = {}, skipped = {} }
  for _, st in ipairs(all) do
    local did, why
    if kept[st.id] then
      why = "kept"
    elseif st.status == "blocked" then
      why = st.message == text and "already blocked for the exam" or ("already blocked (\"" .. st.message .. "\")")
    else
      did, why = close_station(st, text)
    end
    if did then table.insert(report.done, did) else table.insert(report.skipped, st.id .. ": " .. why) end
  end
  return report
end

-- Exam mode off: unblocks the stations blocked with the exam message.
local function exam_off(name, text)
  local all, problem = survey(name)
  if not all then return nil, problem end
  local report = { done = {}, skipped = {} }
  for _, st in ipairs(all) do
    if st.status == "blocked" and st.message ~= text then
      table.insert(report.skipped, st.id .. ": blocked for another reason (\"" .. st.message .. "\")")
    elseif st.status == "blocked" then
      local ok, why = st:unblock(REASON)
      if ok then table.insert(report.done, "unblocked " .. st.id)
      else table.insert(report.skipped, st.id .. ": " .. why) end
    end
  end
  return report
end

-- Prints a report the way stationctl's bulk verbs do.
local function show(report, nothing)
  for _, line in ipairs(report.done) do print(line) end
  if #report.done == 0 then print(nothing) end
  if #report.skipped > 0 then
    print("skipped " .. #report.skipped .. ":")
    for _, line in ipairs(report.skipped) do print("  " .. line) end
  end
end

-- One line per station: blocked for the exam, kept, or blocked for another reason.
local function status(name, text)
  local all, problem = survey(name)
  if not all then return nil, problem end
  local lines, exam = {}, 0
  for _, st in ipairs(all) do
    local what
    if st.status == "blocked" and st.message == text then
      what, exam = "blocked for the exam", exam + 1
    elseif st.status == "blocked" then
      what = "blocked (\"" .. st.message .. "\")"
    else
      what = "not blocked: " .. st.status .. (st.user and (", " .. st.user) or "")
    end
    table.insert(lines, "  " .. st.id .. "  " .. what)
  end
  print(name .. ": exam mode " .. (exam > 0 and "on" or "off") .. " (\"" .. text .. "\"), "
        .. exam .. " of " .. #all .. " stations blocked for the exam")
  for _, line in ipairs(lines) do print(line) end
  return true
end

-- Prints an error like stationctl's and returns its exit code.
local function failed(code, message)
  print("stationctl: error: " .. message .. (code == 64 and (" (usage: " .. USAGE .. ")") or ""))
  return code
end

command {
  name = "exam-mode",
  summary = "Block a computer's stations for an exam, except the kept ones; unblock them after.",
  usage = USAGE,
  help = [[
  on      on every station of the computer not named by --keep: message the session
          there and suspend it, then block the station with the exam message
  off     unblock the stations blocked with the exam message (other blocks stay)
  status  list the computer's stations: blocked for the exam, kept, blocked otherwise

OPTIONS:
  --computer C     the computer (required)
  --keep C/S       a station to leave open (repeat it; "S" alone means C/S); on only
  --message TEXT   the exam message (default: the plugin's message setting)

Exit codes: 0 done, 2 unknown computer or station, 64 usage error.]],
  run = function(args)
    local options, problem = parse(args)
    if not options then return failed(64, problem) end
    local text = options.message or settings.message
    if options.verb == "status" then
      local ok, why = status(options.computer, text)
      return ok and 0 or failed(2, why)
    end
    local report, why
    if options.verb == "on" then
      report, why = exam_on(options.computer, options.keep, text)
    else
      report, why = exam_off(options.computer, text)
    end
    if not report then return failed(2, why) end
    show(report, options.verb == "on" and "no station to block" or "no station blocked for the exam")
    return 0
  end,
}

-- Checks an action's argument table; raises on bad arguments (a policy's mistake).
local function action_options(args, verb, allowed)
  if type(args) ~= "table" or type(args.computer) ~= "string" then
    error(verb .. " expects { computer = \"LAB-1\" … }", 2)
  end
  for key in pairs(args) do
    if not allowed[key] then error(verb .. ": unknown option '" .. tostring(key) .. "'", 2) end
  end
  if args.keep ~= nil and type(args.keep) ~= "table" then error(verb .. ": keep must be a list of stations", 2) end
  return args.message or settings.message
end

-- Logs a report and returns true and how many stations changed.
local function logged(verb, name, report)
  log.info(verb .. " " .. name .. ": " .. (#report.done > 0 and table.concat(report.done, "; ") or "nothing to do")
           .. (#report.skipped > 0 and ("; skipped " .. table.concat(report.skipped, "; ")) or ""))
  return true, #report.done
end

-- actions.exam_on{ computer = "LAB-1", keep = { "LAB-1/1" }, message = "…" }
action("exam_on", function(args)
  local text = action_options(args, "exam_on", { computer = true, keep = true, message = true })
  local report, why = exam_on(args.computer, args.keep, text)
  if not report then return nil, why end
  return logged("exam_on", args.computer, report)
end)

-- actions.exam_off{ computer = "LAB-1", message = "…" }
action("exam_off", function(args)
  local text = action_options(args, "exam_off", { computer = true, message = true })
  local report, why = exam_off(args.computer, text)
  if not report then return nil, why end
  return logged("exam_off", args.computer, report)
end)

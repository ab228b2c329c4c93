-- warn-before-shutdown: tells users before their computer shuts down or restarts.
--
-- When a shutdown or restart is scheduled, every user with a session on that
-- computer gets a message saying when it goes down. Users whose session is
-- suspended are told plainly that their unsaved work will be lost (a shutdown
-- ends every session). They are warned again at each lead time in `again_at`
-- before the deadline, and told when a scheduled shutdown is cancelled.
--
-- Enable it in stationkeeper.lua:
--   policy "warn-before-shutdown" { again_at = { "10m", "5m", "1m" } }

defaults {
  again_at = { "5m", "1m" },  -- warn again this long before the deadline (a list of durations)
  message = "Save your work and sign out.",  -- added to every warning
  suspended_message = "Your session is suspended: sign in again to save your work, or your unsaved work will be lost.",
}

-- Warnings already sent, kept in memory (saved in the store) so that nobody is
-- warned twice, even across restarts and `serve --once` runs from cron:
--   memory.warned["LAB-1"] = { at = 1772470800, first = true, ["5m"] = true }
-- One entry per computer with a pending shutdown; a new deadline replaces it.
memory.warned = memory.warned or {}
local warned = memory.warned

-- "22:15" for a Unix time, in local time.
local function clock(t) return os.date("%H:%M", t) end

-- "in 5 minutes", "in 40 seconds".
local function left(seconds)
  if seconds >= 120 then return "in " .. math.ceil(seconds / 60) .. " minutes" end
  if seconds >= 60 then return "in 1 minute" end
  return "in " .. math.max(seconds, 1) .. " seconds"
end

-- Sends one warning to every live session of computer c (active, locked and suspended).
local function warn(c)
  local verb = c.shutdown_kind == "restart" and "restarts" or "shuts down"
  local text = c.name .. " " .. verb .. " at " .. clock(c.shutdown_at)
               .. " (" .. left(c.shutdown_at - now()) .. ")."
  if c.shutdown_message and c.shutdown_message ~= "" then
    text = text .. " " .. c.shutdown_message
  end
  for _, s in ipairs(sessions{ computer = c.name }) do
    if s.state == "suspended" then
      s:message(text .. " " .. settings.suspended_message)
    else
      s:message(text .. " " .. settings.message)
    end
  end
end

-- Warns about computer c's scheduled shutdown if a warning is due and not sent yet:
-- the first warning as soon as the shutdown is known, then one at each lead time.
local function check(c)
  if c == nil then return end
  if c.shutdown_at == nil or c.shutdown_at <= now() then
    warned[c.name] = nil                     -- nothing pending: forget it
    return
  end
  local sent = warned[c.name]
  if sent == nil or sent.at ~= c.shutdown_at then   -- first time we see this deadline
    sent = { at = c.shutdown_at }
    warned[c.name] = sent
  end
  local due = false
  if not sent.first then
    sent.first = true
    due = true
  end
  for _, lead in ipairs(settings.again_at) do
    -- Lead times already reached count as done (a shutdown in 3 minutes gets
    -- no separate "5m" warning); several due at once give one warning.
    if c.shutdown_at - now() <= duration(lead) and not sent[lead] then
      sent[lead] = true
      due = true
    end
  end
  if due then warn(c) end
end

-- A shutdown or restart was scheduled: warn everyone now.
on("shutdown_scheduled", function(e)
  check(computer(e.computer))
end)

-- Every minute: warn again when a lead time is reached.
every("1m", function()
  for _, c in ipairs(computers()) do check(c) end
end)

-- A scheduled shutdown was cancelled: tell everyone they can carry on.
on("shutdown_cancelled", function(e)
  local c = computer(e.computer)
  if c == nil then return end
  warned[c.name] = nil
  local what = (e.detail or ""):match("^restart") and "restart" or "shutdown"
  for _, s in ipairs(sessions{ computer = c.name }) do
    s:message("The " .. what .. " of " .. c.name .. " is cancelled: you can carry on working.")
  end
end)

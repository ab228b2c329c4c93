-- warn-before-shutdown: tells users before their computer shuts down or restarts.
--
-- When a shutdown or restart is scheduled, every user with a session on that
-- computer gets a message saying when it goes down. Users whose session is
-- suspended get a second one telling them plainly that their unsaved work will
-- be lost (a shutdown ends every session). They are warned again at each lead time in `again_at`
-- before the deadline, and told when a scheduled shutdown is cancelled.
--
-- Enable it in stationkeeper.lua:
--   policy "warn-before-shutdown" { again_at = { "10m", "5m", "1m" } }

defaults {
  again_at = { "5m", "1m" },  -- warn again this long before the deadline (a list of durations)
  message = "Save your work and sign out.",  -- added to every warning
  suspended_message = "Your session is suspended: sign in again to save your work, or your unsaved work will be lost.",
}

-- Lead-time warnings already sent, kept in memory (saved in the store) so that
-- nobody is warned twice for the same deadline and lead time, even across
-- restarts and `serve --once` runs from cron:
--   memory.sent["1772470800 5m"] = true   (the deadline, then the lead time)
-- One entry per deadline and lead time, whatever the number of computers going
-- down then; entries go once their deadline has passed. The first warning is
-- sent by the shutdown_scheduled hook, once per computer.
memory.sent = memory.sent or {}
local sent = memory.sent

-- "22:15" for a Unix time, in local time.
local function clock(t) return os.date("%H:%M", t) end

-- "in 5 minutes", "in 40 seconds".
local function left(seconds)
  if seconds >= 120 then return "in " .. math.ceil(seconds / 60) .. " minutes" end
  if seconds >= 60 then return "in 1 minute" end
  return "in " .. math.max(seconds, 1) .. " seconds"
end

-- Sends one warning to every live session of computer c (active, locked and
-- suspended) in one action, and a second message to the users of suspended
-- sessions: their unsaved work will be lost. (One message_all per computer,
-- not one action per session: a district warns 5,000 computers at 22:00.)
local function warn(c)
  local verb = c.shutdown_kind == "restart" and "restarts" or "shuts down"
  local text = c.name .. " " .. verb .. " at " .. clock(c.shutdown_at)
               .. " (" .. left(c.shutdown_at - now()) .. ")."
  if c.shutdown_message and c.shutdown_message ~= "" then
    text = text .. " " .. c.shutdown_message
  end
  if c.session_count == 0 then return end
  c:message_all(text .. " " .. settings.message)
  for _, s in ipairs(sessions{ computer = c.name, state = "suspended" }) do
    s:message(settings.suspended_message)
  end
end

-- The lead times computer c's deadline has already reached.
local function reached(c)
  local leads = {}
  for _, lead in ipairs(settings.again_at) do
    if c.shutdown_at - now() <= duration(lead) then leads[#leads + 1] = c.shutdown_at .. " " .. lead end
  end
  return leads
end

-- A shutdown or restart was scheduled: warn everyone on that computer now. Lead
-- times already reached count as done (a shutdown in 3 minutes gets no separate
-- "5m" warning).
on("shutdown_scheduled", function(e)
  local c = computer(e.computer)
  if c == nil or c.shutdown_at == nil or c.shutdown_at <= now() then return end
  warn(c)
  for _, key in ipairs(reached(c)) do sent[key] = true end
end)

-- Every minute: warn again when a lead time is reached, every computer going
-- down at that deadline at once; several lead times due at once give one warning.
every("1m", function()
  for key in pairs(sent) do
    if tonumber(key:match("^%d+")) <= now() then sent[key] = nil end
  end
  local due = {}
  for _, c in ipairs(computers()) do
    if c.shutdown_at and c.shutdown_at > now() then
      local fresh = false
      for _, key in ipairs(reached(c)) do
        if not sent[key] then
          due[key] = true
          fresh = true
        end
      end
      if fresh then warn(c) end
    end
  end
  for key in pairs(due) do sent[key] = true end
end)

-- A scheduled shutdown was cancelled: tell everyone they can carry on.
on("shutdown_cancelled", function(e)
  local c = computer(e.computer)
  if c == nil then return end
  local what = (e.detail or ""):match("^restart") and "restart" or "shutdown"
  if c.session_count > 0 then
    c:message_all("The " .. what .. " of " .. c.name .. " is cancelled: you can carry on working.")
  end
end)

/// Lua run in every policy and plugin state before its file: it builds the policy API
/// (session, station and computer objects with methods, `log`, `actions`) on the Swift primitives
/// in the `api` table it receives. Errors raised here are re-raised at the policy's own line.
enum Prelude {
    static let path = "stationkeeper-api"

    static let source = #"""
        local api, saved_memory, file_globals = ...

        -- One clock: os.time() and os.date() without a time read the engine's clock (virtual in a
        -- simulation, STATIONKEEPER_NOW), like now().
        do
          local engine_now, real_date, real_time = now, os.date, os.time
          os.time = function(t) if t == nil then return engine_now() end return real_time(t) end
          os.date = function(format, t) return real_date(format or "%c", t or engine_now()) end
        end
        local setmetatable, error, pcall, select, tostring, pairs = setmetatable, error, pcall, select, tostring, pairs
        local concat, gsub, pack, unpack = table.concat, string.gsub, table.pack, table.unpack

        -- Calls a primitive; an error is re-raised at the line of the policy that called the
        -- API function. Every API function calls this in a non-tail position, so level 3 is the policy.
        local function call(f, ...)
          local results = pack(pcall(f, ...))
          if not results[1] then
            error((gsub(tostring(results[2]), "^[^\n]-stationkeeper%-api:%d+: ", "")), 3)
          end
          return unpack(results, 2, results.n)
        end

        -- Strict names: reading a name the API does not know raises, naming the known ones and
        -- the nearest; a field the API knows but this table lacks reads as nil.
        local rawget, type, next, ipairs = rawget, type, next, ipairs
        local function keys(t)
          local list = {}
          for key in next, t do if type(key) == "string" then list[#list + 1] = key end end
          return list
        end
        -- Raised at level 3: the policy's line that read the name (1 is here, 2 the __index).
        local function no_such(what, key, names)
          error(api.no_such(what, tostring(key), names), 3)
        end
        -- A method is a plain table lookup; only a miss reaches the strict check.
        local function class(what)
          local known = {}
          for _, field in ipairs(api.fields[what]) do known[field] = true end
          local methods = {}
          methods.__index = methods
          setmetatable(methods, {
            __index = function(_, key)
              if known[key] then return nil end
              no_such(what, key)
            end,
          })
          return methods
        end
        local function strict(t, what)
          return setmetatable(t, { __index = function(_, key) no_such(what, key, keys(t)) end })
        end
        local Session, Computer, Station, Event, Message =
          class("session"), class("computer"), class("station"), class("event"), class("message")

        local function wrap_list(list, meta)
          for i = 1, #list do setmetatable(list[i], meta) end
          return list
        end

        local function with_computer(filter, name)
          if filter ~= nil and type(filter) ~= "table" then return filter end  -- refused as sessions{} refuses it
          local copy = {}
          for k, v in pairs(filter or {}) do copy[k] = v end
          copy.computer = name
          return copy
        end

        -- One method per verb of the engine's verb table: s:lock(), st:block("Exam"), c:shutdown{ … }.
        local function methods(class, primitives, key)
          for name, primitive in pairs(primitives) do
            class[name] = function(self, argument)
              local ok, detail = call(primitive, self[key], argument)
              return ok, detail
            end
          end
        end
        methods(Session, api.verbs.session, "id")
        methods(Station, api.verbs.station, "id")
        methods(Computer, api.verbs.computer, "name")

        function Computer:sessions(filter)
          local list = call(api.sessions, with_computer(filter, self.name))
          return wrap_list(list, Session)
        end
        function Computer:stations(filter)
          local list = call(api.stations, with_computer(filter, self.name))
          return wrap_list(list, Station)
        end

        local function finder(primitive, meta)
          return function(argument)
            local found = call(primitive, argument)
            if found then return setmetatable(found, meta) end
            return nil
          end
        end
        session = finder(api.session, Session)
        computer = finder(api.computer, Computer)
        station = finder(api.station, Station)

        function sessions(filter)
          local list = call(api.sessions, filter or {})
          return wrap_list(list, Session)
        end
        function computers()
          local list = call(api.computers)
          return wrap_list(list, Computer)
        end
        function stations(filter)
          local list = call(api.stations, filter or {})
          return wrap_list(list, Station)
        end

        local function joined(...)
          local parts = {}
          for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
          return concat(parts, " ")
        end
        log = {
          info = function(...) api.log("info", joined(...)) end,
          warn = function(...) api.log("warn", joined(...)) end,
          error = function(...) api.log("error", joined(...)) end,
        }

        -- settings: the declared ones only (defaults{} declares them).
        local raw_defaults = defaults
        function defaults(declared)
          settings = strict(call(raw_defaults, declared), "settings")
          return settings
        end
        strict(settings, "settings")

        -- Hooks and notifiers get strict tables: the event's metatable is given by Swift as it pushes
        -- the event or message (the runtime takes these globals away before the file runs).
        rawset(_G, "__stationkeeper_event", Event)
        rawset(_G, "__stationkeeper_message", Message)

        actions = setmetatable({}, {
          __index = function(_, name)
            return function(arguments)
              local results = pack(call(api.call_action, name, arguments))
              return unpack(results, 1, results.n)
            end
          end,
          __newindex = function() error("actions is read-only: plugins add actions with action(NAME, fn)", 2) end,
        })

        -- memory: what the policy keeps across restarts, reloads and `serve --once` runs. It is
        -- saved (as this Lua constructor text) after every call that changed it.
        local format, sort, math_type, tostring_, huge = string.format, table.sort, math.type, tostring, math.huge
        memory = {}
        if saved_memory then
          local read = load("return " .. saved_memory, "=memory", "t", { math = math })
          local ok, kept = pcall(read or error)
          if ok and type(kept) == "table" then memory = kept
          else api.log("warn", "its saved memory could not be read and starts empty") end
        end
        local function key_order(a, b)
          local ta, tb = type(a), type(b)
          if ta ~= tb then return ta < tb end
          return a < b
        end
        local function memory_text()
          local out, n, seen = {}, 0, {}
          local function put(text) n = n + 1; out[n] = text end
          local function value(v, path, depth)
            local t = type(v)
            -- Bytes above 127 written as \ddd: the text stays ASCII, so every byte comes back as it was.
            if t == "string" then put((gsub(format("%q", v), "[\128-\255]", function(c) return "\\" .. c:byte() end)))
            elseif t == "boolean" then put(tostring_(v))
            elseif t == "number" then
              if math_type(v) == "integer" then put(v == math.mininteger and "math.mininteger" or tostring_(v))
              elseif v ~= v then put("0/0")
              elseif v == huge or v == -huge then put(v > 0 and "1/0" or "-1/0")
              else put(format("%a", v)) end  -- exact, and read back as a float (1.0 stays 1.0, -0.0 stays -0.0)
            elseif t == "table" then
              if seen[v] then error("memory can keep a table once: " .. path .. " is a table already kept elsewhere in memory", 0) end
              if depth > 32 then error("memory is nested too deep at " .. path .. " (at most 32 levels)", 0) end
              seen[v] = true
              local keys = {}
              for k in next, v do
                local tk = type(k)
                if tk ~= "string" and tk ~= "number" then
                  error("memory keys must be strings or numbers: " .. path .. " has a " .. tk .. " key", 0)
                end
                keys[#keys + 1] = k
              end
              sort(keys, key_order)
              put("{")
              for _, k in ipairs(keys) do
                put("[") value(k, path, depth + 1) put("]=")
                value(rawget(v, k), path .. "[" .. format("%q", k) .. "]", depth + 1) put(",")
              end
              put("}")
            else
              error("memory can keep strings, numbers, booleans and tables, not a " .. t .. " (at " .. path .. ")", 0)
            end
          end
          local kept = rawget(_G, "memory")
          if kept == nil then return "{}" end
          value(kept, "memory", 0)
          return concat(out)
        end

        -- Last: the libraries and the globals themselves.
        for _, library in ipairs({ "string", "table", "math", "os", "utf8", "coroutine" }) do
          strict(_G[library], library)
        end
        local globals = _G
        setmetatable(globals, {
          __index = function(_, name)
            if file_globals[name] then return nil end  -- the file sets it somewhere: nil until then
            no_such("global", name, keys(globals))
          end,
        })

        return memory_text
        """#
}

/// Lua run in every policy and plugin state before its file: it builds the policy API
/// (session, station and computer objects with methods, `log`, `actions`) on the Swift primitives
/// in the `api` table it receives. Errors raised here are re-raised at the policy's own line.
enum Prelude {
    static let path = "stationkeeper-api"

    static let source = #"""
        local api = ...

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
        local function class(what)
          local known = {}
          for _, field in ipairs(api.fields[what]) do known[field] = true end
          local methods = {}
          methods.__index = function(_, key)
            local method = rawget(methods, key)
            if method ~= nil or known[key] then return method end
            no_such(what, key)
          end
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

        -- Hooks and notifiers get strict tables.
        local raw_on = on
        function on(name, hook)
          local wrapped = hook
          if type(hook) == "function" then wrapped = function(e) return hook(setmetatable(e, Event)) end end
          call(raw_on, name, wrapped)
        end
        local raw_notifier = rawget(_G, "notifier")
        if raw_notifier then
          function notifier(deliver)
            local wrapped = deliver
            if type(deliver) == "function" then wrapped = function(m) return deliver(setmetatable(m, Message)) end end
            call(raw_notifier, wrapped)
          end
        end

        actions = setmetatable({}, {
          __index = function(_, name)
            return function(arguments)
              local results = pack(call(api.call_action, name, arguments))
              return unpack(results, 1, results.n)
            end
          end,
          __newindex = function() error("actions is read-only: plugins add actions with action(NAME, fn)", 2) end,
        })

        -- Last: the libraries and the globals themselves.
        for _, library in ipairs({ "string", "table", "math", "os", "utf8", "coroutine" }) do
          strict(_G[library], library)
        end
        local globals = _G
        setmetatable(globals, { __index = function(_, name) no_such("global", name, keys(globals)) end })
        """#
}

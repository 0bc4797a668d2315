-- wrk_checkin.lua: durable check-ins for bench/bench_server.sh, each to a new
-- (patient, date): request i goes to patient (i mod P) on day start + floor(i / P),
-- so every patient's dates increase (the engine reviews days in order) and none
-- repeats (a second check-in for a day gets 409).
--
--   wrk -s bench/wrk_checkin.lua URL -- PATIENTS_FILE TOKEN CSRF START_DAY OFFSET THREADS
--
-- PATIENTS_FILE: one patient id a line; TOKEN: the mrx_session cookie; CSRF: its
-- token; START_DAY: days since 1970-01-01 (UTC) of the first date; OFFSET: the
-- first i (a warm-up run's NEXT_OFFSET, so that the measured run uses new days);
-- THREADS: wrk's -t, so that its threads interleave their i.
-- Counts every response by status; done() prints them and NEXT_OFFSET, the
-- first i that no request of this run used (requests still in flight when wrk
-- stopped count as used: the server may have committed them).

local threads = {}
local thread_count = 0

function setup(thread)
   thread:set("tid", thread_count)
   thread_count = thread_count + 1
   table.insert(threads, thread)
end

local patients, npatients, token, csrf, start_day, offset, nthreads
local counter = 0
-- Globals, so that done() can read them through thread:get().
statuses = {}
first_error = nil
used = 0 -- one past the largest i handed out

function init(args)
   patients = {}
   for line in io.lines(args[1]) do
      if #line > 0 then
         table.insert(patients, line)
      end
   end
   npatients = #patients
   token = args[2]
   csrf = args[3]
   start_day = tonumber(args[4])
   offset = tonumber(args[5] or "0")
   nthreads = tonumber(args[6] or "1")
end

local headers = nil

function request()
   if headers == nil then
      headers = {
         ["Cookie"] = "mrx_session=" .. token,
         ["X-CSRF-Token"] = csrf,
         ["Content-Type"] = "application/json",
      }
   end
   -- Threads interleave: thread t of n takes i = offset + k*n + t.
   local i = offset + counter * nthreads + tid
   counter = counter + 1
   if i + 1 > used then
      used = i + 1
   end
   local p = patients[(i % npatients) + 1]
   local day = start_day + math.floor(i / npatients)
   local body = string.format('{"date":"%s","pain":3,"walk_minutes":10}',
                              os.date("!%Y-%m-%d", day * 86400))
   return wrk.format("POST", "/api/v1/patients/" .. p .. "/checkins", headers, body)
end

function response(status, hdrs, body)
   local k = tostring(status)
   statuses[k] = (statuses[k] or 0) + 1
   if (status < 200 or status > 299) and first_error == nil then
      first_error = k .. " " .. string.sub(body or "", 1, 300)
   end
end

function done(summary, latency, requests)
   local next_offset, total = 0, {}
   local errors = nil
   for _, t in ipairs(threads) do
      local u = t:get("used") or 0
      if u > next_offset then
         next_offset = u
      end
      local s = t:get("statuses") or {}
      for k, v in pairs(s) do
         total[k] = (total[k] or 0) + v
      end
      errors = errors or t:get("first_error")
   end
   local keys = {}
   for k, _ in pairs(total) do
      table.insert(keys, k)
   end
   table.sort(keys)
   for _, k in ipairs(keys) do
      io.write(string.format("STATUS %s %d\n", k, total[k]))
   end
   io.write(string.format("NEXT_OFFSET %d\n", next_offset))
   if errors then
      io.write("FIRST_ERROR " .. errors:gsub("\n", " ") .. "\n")
   end
end

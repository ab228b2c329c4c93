// CSdBus: sd-bus from Debian's libsystemd-dev, for the Logind module.
//
// Swift cannot call sd-bus's variadic functions (sd_bus_call_method,
// sd_bus_message_append, sd_bus_message_read), so Logind builds and reads
// messages with the non-variadic ones (sd_bus_message_append_basic,
// sd_bus_message_read_basic, sd_bus_message_enter_container…). This target
// adds the one helper that saves Swift a sequence of calls with a cleanup on
// each failure. Nothing here calls back into Swift: Logind installs match
// rules with the bus's AddMatch method and reads signals as sd_bus_process
// hands them over, so no C callback is ever registered.
#ifndef CSDBUS_H
#define CSDBUS_H

#include <systemd/sd-bus.h>

/// Opens a client connection to the message bus at `address` (a D-Bus address
/// such as "unix:path=/run/dbus/system_bus_socket"): sd_bus_new,
/// sd_bus_set_address, sd_bus_set_bus_client, sd_bus_set_description and
/// sd_bus_start, with exit-on-disconnect off (a lost bus is an error the
/// caller handles, never an exit). The Hello exchange finishes on the first
/// call. Returns 0 and sets *ret (free it with sd_bus_flush_close_unref), or a
/// negative errno and leaves *ret NULL.
int csdbus_connect(const char *address, const char *description, sd_bus **ret);

#endif

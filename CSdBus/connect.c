// csdbus_connect: a bus client on an explicit address, cleaned up on every failure.
#include "CSdBus.h"

#include <stddef.h>

int csdbus_connect(const char *address, const char *description, sd_bus **ret) {
    sd_bus *bus = NULL;
    int r;
    *ret = NULL;
    r = sd_bus_new(&bus);
    if (r < 0)
        return r;
    if ((r = sd_bus_set_address(bus, address)) < 0
        || (r = sd_bus_set_bus_client(bus, 1)) < 0
        || (r = sd_bus_set_exit_on_disconnect(bus, 0)) < 0
        || (description != NULL && (r = sd_bus_set_description(bus, description)) < 0)
        || (r = sd_bus_start(bus)) < 0) {
        sd_bus_unref(bus);
        return r;
    }
    *ret = bus;
    return 0;
}

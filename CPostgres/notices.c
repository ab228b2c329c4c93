// cpostgres_drop_notices: a notice processor that drops what it is handed.
#include "CPostgres.h"

#include <stddef.h>

static void drop_notice(void *arg, const char *message) {
    (void)arg;
    (void)message;
}

void cpostgres_drop_notices(PGconn *conn) {
    if (conn != NULL)
        PQsetNoticeProcessor(conn, drop_notice, NULL);
}

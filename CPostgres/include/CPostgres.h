// CPostgres: libpq, PostgreSQL's C client library, from Debian's libpq-dev, for PostgresClient.
//
// libpq-fe.h lives in /usr/include/postgresql, which is not on the default include path; it is
// included by that path here, and its own includes ("postgres_ext.h", "pg_config_ext.h") are
// found beside it. libpq has no variadic functions, so Swift calls it directly. This target adds
// the one thing Swift should not do itself: a notice processor, which is a C callback (libpq
// calls it from inside PQexec and friends). Nothing here calls back into Swift.
#ifndef CPOSTGRES_H
#define CPOSTGRES_H

#include <postgresql/libpq-fe.h>

/// Makes `conn` drop the server's notices and warnings (NOTICE, WARNING: "there is no
/// transaction in progress", "you don't own a lock of type ExclusiveLock"…) instead of printing
/// them on standard error, libpq's default. Errors are not notices: they still come back in each
/// PGresult. Call it right after connecting.
void cpostgres_drop_notices(PGconn *conn);

#endif

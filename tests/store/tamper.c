/* SPDX-License-Identifier: Apache-2.0 */
/* Test helper: runs test-authored SQL on a store file behind vigil's back
 * (dropping the append-only triggers first), as an attacker with write
 * access to the file could. Usage: vg_store_tamper FILE SQL. */
#include <stdio.h>

#include <sqlite3.h>

int main(int argc, char **argv)
{
    int rc = 1;
    sqlite3 *db = NULL;
    char *msg = NULL;
    if (argc != 3) {
        fprintf(stderr, "usage: vg_store_tamper FILE SQL\n");
        goto out;
    }
    if (sqlite3_open(argv[1], &db) != SQLITE_OK ||
        sqlite3_exec(db, "DROP TRIGGER IF EXISTS audit_no_update;"
                         "DROP TRIGGER IF EXISTS audit_no_delete;", NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(db, argv[2], NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "vg_store_tamper: %s\n", msg ? msg : sqlite3_errmsg(db));
        goto out;
    }
    rc = 0;
out:
    sqlite3_free(msg);
    sqlite3_close(db);
    return rc;
}

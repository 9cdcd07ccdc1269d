/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for the CSV and JSONL record readers. The first byte
 * picks the reader (even: CSV with guessed columns, odd: JSONL; 0x80 set:
 * CSV with an explicit --map); the rest is the input. */
#include "records_touch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    uint8_t sel = data[0];
    vg_record_format fmt = (sel & 1) ? VG_RECORD_JSONL : VG_RECORD_CSV;
    const char *map = (sel & 0x80) && fmt == VG_RECORD_CSV ? "name=1,birth_date=2,id=3" : NULL;
    fuzz_records(data + 1, size - 1, fmt, map);
    return 0;
}

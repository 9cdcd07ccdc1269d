/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer target for the MRZ record reader: any bytes, read to the end
 * with every record touched, cloned and checked against the reader contract. */
#include "records_touch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_records(data, size, VG_RECORD_MRZ, NULL);
    return 0;
}

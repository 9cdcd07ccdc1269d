# SPDX-License-Identifier: Apache-2.0
# Embeds a file as a C byte array: cmake -DIN=file -DOUT=file.c -DNAME=sym -P embed.cmake
# Defines `const char NAME[]` (NUL-terminated) and `const size_t NAME_len`.
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" n)
math(EXPR bytes "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){16})" "\\1\n" body "${body}")
file(WRITE ${OUT} "/* SPDX-License-Identifier: Apache-2.0 */\n/* Generated from ${IN} by cmake/embed.cmake. DO NOT EDIT. */\n#include <stddef.h>\nconst char ${NAME}[] = {\n${body}0x00};\nconst size_t ${NAME}_len = ${bytes};\n")

// A small C interface to simdjson's DOM parser (Debian's libsimdjson-dev), the only place
// dashbrief includes simdjson. Swift reads large PostHog payloads through it (see
// PostHog/Support/FastJSON.swift); everything else uses Codable.
#ifndef CSIMDJSON_H
#define CSIMDJSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct csj_parser csj_parser;

/// A value inside the last document a parser parsed, valid until that parser parses again or is
/// destroyed. Opaque: simdjson's `dom::element`, copied.
typedef struct {
  uint64_t opaque[2];
} csj_value;

typedef enum {
  CSJ_ARRAY,
  CSJ_OBJECT,
  CSJ_INT64,
  CSJ_UINT64,
  CSJ_DOUBLE,
  CSJ_STRING,
  CSJ_BOOL,
  CSJ_NULL
} csj_type;

typedef struct {
  const char *key;
  size_t key_length;
  csj_value value;
} csj_field;

csj_parser *csj_parser_create(void);
void csj_parser_destroy(csj_parser *parser);

/// Parses `length` bytes. Returns 0 and the root in `root`, or simdjson's error code. Values of
/// the document parsed before are invalid from then on.
int csj_parse(csj_parser *parser, const char *bytes, size_t length, csj_value *root);
/// Whether the text may hold `-0` written as an integer, which simdjson reads as 0 and Foundation
/// as -0.0: a `-0` not followed by a digit, `.`, `e` or `E`. Strings can match too (never missed).
bool csj_may_hold_negative_integer_zero(const char *bytes, size_t length);

/// simdjson's description of an error code.
const char *csj_error_message(int code);

csj_type csj_value_type(csj_value value);
bool csj_value_bool(csj_value value);
int64_t csj_value_int64(csj_value value);
/// Any number as a double (integers converted, rounding to nearest).
double csj_value_double(csj_value value);
/// The unescaped UTF-8 bytes of a string, owned by the parser.
void csj_value_string(csj_value value, const char **bytes, size_t *length);

/// Elements of an array: writes up to `capacity`, returns how many there are.
size_t csj_array_count(csj_value array);
size_t csj_array_elements(csj_value array, csj_value *out, size_t capacity);
/// Whether both are arrays of strings, the same strings byte for byte in the same order.
bool csj_string_arrays_equal(csj_value a, csj_value b);
/// An array of numbers and nulls, in one call: numbers into `out`, `present[i]` 0 for a null.
/// Returns false, leaving the rest unwritten, at the first element that is neither.
bool csj_array_numbers(csj_value array, double *out, uint8_t *present, size_t capacity);

/// Members of an object in document order: writes up to `capacity`, returns how many there are.
size_t csj_object_count(csj_value object);
size_t csj_object_fields(csj_value object, csj_field *out, size_t capacity);

/// The value as minified JSON text, into a buffer the caller frees with `csj_free`.
char *csj_minify(csj_value value, size_t *length);
void csj_free(char *text);

#ifdef __cplusplus
}
#endif

#endif

#include "csimdjson.h"

#include <simdjson.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>

using simdjson::dom::element;
using simdjson::dom::element_type;

static_assert(sizeof(element) == sizeof(csj_value), "csj_value must hold a dom::element");
static_assert(std::is_trivially_copyable<element>::value, "dom::element must be copyable as bytes");

struct csj_parser {
  simdjson::dom::parser parser;
};

static inline element unwrap(csj_value value) {
  element result;
  std::memcpy(static_cast<void *>(&result), &value, sizeof result);
  return result;
}

static inline csj_value wrap(element value) {
  csj_value result;
  std::memcpy(&result, static_cast<const void *>(&value), sizeof result);
  return result;
}

extern "C" {

csj_parser *csj_parser_create(void) { return new (std::nothrow) csj_parser(); }

void csj_parser_destroy(csj_parser *parser) { delete parser; }

int csj_parse(csj_parser *parser, const char *bytes, size_t length, csj_value *root) {
  element document;
  // realloc_if_needed: the bytes come from Swift without simdjson's padding, so it copies them,
  // into a buffer the parser keeps for its next document (hence the pool on the Swift side).
  auto error = parser->parser.parse(bytes, length, true).get(document);
  if (error) return static_cast<int>(error);
  *root = wrap(document);
  return 0;
}

bool csj_may_hold_negative_integer_zero(const char *bytes, size_t length) {
  // Every position tested without a branch, 64 at a time, so that the compiler vectorises the
  // test: a scan from one '-' to the next stopped twice in every date label (2026-11-05) and took
  // a tenth of a large snapshot's decoding.
  const unsigned char *text = reinterpret_cast<const unsigned char *>(bytes);
  size_t at = 0;
  while (at + 2 < length) {
    size_t end = std::min(length - 2, at + 64);
    unsigned char hit = 0;
    for (size_t index = at; index < end; ++index) {
      unsigned char next = text[index + 2];
      unsigned char continues = static_cast<unsigned char>(next - '0') <= 9 || next == '.' || next == 'e' || next == 'E';
      hit |= (text[index] == '-') & (text[index + 1] == '0') & !continues;
    }
    if (hit) return true;
    at = end;
  }
  // A "-0" that ends the text (nothing follows it).
  return length >= 2 && text[length - 2] == '-' && text[length - 1] == '0';
}

const char *csj_error_message(int code) { return simdjson::error_message(static_cast<simdjson::error_code>(code)); }

csj_type csj_value_type(csj_value value) {
  switch (unwrap(value).type()) {
    case element_type::ARRAY: return CSJ_ARRAY;
    case element_type::OBJECT: return CSJ_OBJECT;
    case element_type::INT64: return CSJ_INT64;
    case element_type::UINT64: return CSJ_UINT64;
    case element_type::DOUBLE: return CSJ_DOUBLE;
    case element_type::STRING: return CSJ_STRING;
    case element_type::BOOL: return CSJ_BOOL;
    case element_type::NULL_VALUE: return CSJ_NULL;
  }
  return CSJ_NULL;
}

bool csj_value_bool(csj_value value) {
  bool result = false;
  (void)unwrap(value).get_bool().get(result);
  return result;
}

int64_t csj_value_int64(csj_value value) {
  int64_t result = 0;
  (void)unwrap(value).get_int64().get(result);
  return result;
}

double csj_value_double(csj_value value) {
  element e = unwrap(value);
  switch (e.type()) {
    case element_type::INT64: return static_cast<double>(int64_t(e));
    case element_type::UINT64: return static_cast<double>(uint64_t(e));
    case element_type::DOUBLE: return double(e);
    default: return 0;
  }
}

void csj_value_string(csj_value value, const char **bytes, size_t *length) {
  std::string_view text;
  if (unwrap(value).get_string().get(text)) {
    *bytes = "";
    *length = 0;
    return;
  }
  *bytes = text.data();
  *length = text.size();
}

size_t csj_array_count(csj_value array) {
  simdjson::dom::array items;
  if (unwrap(array).get_array().get(items)) return 0;
  return items.size();
}

bool csj_string_arrays_equal(csj_value a, csj_value b) {
  simdjson::dom::array left, right;
  if (unwrap(a).get_array().get(left) || unwrap(b).get_array().get(right)) return false;
  auto l = left.begin();
  auto r = right.begin();
  for (; l != left.end(); ++l, ++r) {
    if (r == right.end()) return false;
    std::string_view x, y;
    if ((*l).get_string().get(x) || (*r).get_string().get(y) || x != y) return false;
  }
  return r == right.end();
}

size_t csj_array_elements(csj_value array, csj_value *out, size_t capacity) {
  simdjson::dom::array items;
  if (unwrap(array).get_array().get(items)) return 0;
  size_t count = 0;
  for (element item : items) {
    if (count < capacity) out[count] = wrap(item);
    count++;
  }
  return count;
}

bool csj_array_numbers(csj_value array, double *out, uint8_t *present, size_t capacity) {
  simdjson::dom::array items;
  if (unwrap(array).get_array().get(items)) return false;
  size_t index = 0;
  for (element item : items) {
    if (index >= capacity) return false;
    switch (item.type()) {
      case element_type::INT64: out[index] = static_cast<double>(int64_t(item)); present[index] = 1; break;
      case element_type::UINT64: out[index] = static_cast<double>(uint64_t(item)); present[index] = 1; break;
      case element_type::DOUBLE: out[index] = double(item); present[index] = 1; break;
      case element_type::NULL_VALUE: out[index] = 0; present[index] = 0; break;
      default: return false;
    }
    index++;
  }
  return true;
}

size_t csj_object_count(csj_value object) {
  simdjson::dom::object members;
  if (unwrap(object).get_object().get(members)) return 0;
  return members.size();
}

size_t csj_object_fields(csj_value object, csj_field *out, size_t capacity) {
  simdjson::dom::object members;
  if (unwrap(object).get_object().get(members)) return 0;
  size_t count = 0;
  for (auto field : members) {
    if (count < capacity) {
      out[count].key = field.key.data();
      out[count].key_length = field.key.size();
      out[count].value = wrap(field.value);
    }
    count++;
  }
  return count;
}

char *csj_minify(csj_value value, size_t *length) {
  std::string text = simdjson::minify(unwrap(value));
  char *copy = static_cast<char *>(std::malloc(text.size() + 1));
  if (!copy) return nullptr;
  std::memcpy(copy, text.data(), text.size());
  copy[text.size()] = 0;
  *length = text.size();
  return copy;
}

void csj_free(char *text) { std::free(text); }
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * field.h - one field of a trace event, as its `format` file describes it.
 *
 * Shared by the catalog (which parses formats into fields) and by the
 * filter and trigger parsers (which check expressions against them).
 * Private to tracefs-model; not installed.
 */
#ifndef TFM_FIELD_H
#define TFM_FIELD_H

#include <stdbool.h>
#include <stddef.h>

enum tfm_field_kind {
	TFM_FIELD_NUMERIC,	/* integers and pointers: == != < <= > >= & */
	TFM_FIELD_STRING,	/* char arrays, __data_loc char[], strings: == != ~ */
};

/*
 * struct tfm_field - one "field:" line of a format file.
 * @type:	the C type as printed, e.g. "unsigned short", "char[16]" base
 *		type without the array suffix, "__data_loc char[]"
 * @name:	field name without any array suffix
 * @offset:	byte offset in the record
 * @size:	byte size
 * @is_signed:	the "signed:" value
 * @kind:	how the filter parser treats the field
 */
struct tfm_field {
	const char *type;
	const char *name;
	unsigned int offset;
	unsigned int size;
	bool is_signed;
	enum tfm_field_kind kind;
};

/*
 * struct tfm_field_set - the fields an expression may name.
 * @fields:	array of @nr fields (common_* fields included)
 */
struct tfm_field_set {
	const struct tfm_field *fields;
	size_t nr;
};

/*
 * tfm_field_find - look a field up by name.
 * Return: the field, or NULL when @set has no field called @name.
 */
static inline const struct tfm_field *
tfm_field_find(const struct tfm_field_set *set, const char *name, size_t len)
{
	for (size_t i = 0; i < set->nr; i++) {
		const char *n = set->fields[i].name;

		if (__builtin_strncmp(n, name, len) == 0 && n[len] == '\0')
			return &set->fields[i];
	}
	return NULL;
}

#endif /* TFM_FIELD_H */

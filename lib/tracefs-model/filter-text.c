/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * filter-text.c - the kernel's filter error messages and the texts a
 * failed filter leaves in the `filter` file and in error_log.
 */
#include <stdint.h>
#include <string.h>

#include "filter-priv.h"

static const char *const err_text[] = {
	"No error",
	"Invalid operator",
	"Too many '('",
	"Too few '('",
	"Missing matching quote",
	"Missing '{'",
	"Missing '}'",
	"Operand too long",
	"Expecting string field",
	"Expecting numeric field",
	"Illegal operation for field type",
	"Field not found",
	"Illegal integer value",
	"Couldn't find or set field in one of a subsystem's events",
	"Too many terms in predicate expression",
	"Meaningless filter expression",
	"Invalid cpulist",
	"Only 'ip' field is supported for function trace",
	"Invalid value (did you forget quotes)?",
	"Function not found",
	"Error",
	"No filter found",
};

/**
 * tfm_filter_error_msg - the kernel's text for an error code.
 * @code: the code
 *
 * Return: a static string ("No error" for TFM_FILTER_ERR_NONE).
 */
const char *tfm_filter_error_msg(enum tfm_filter_errcode code)
{
	if ((size_t)code >= G_N_ELEMENTS(err_text))
		return err_text[TFM_FILTER_ERR_ERRNO];
	return err_text[code];
}

/**
 * tfm_filter_subsys_error - the error an event gets when a system-level
 * filter cannot be parsed against its fields.
 * @err: filled with BAD_SUBSYS_FILTER at position 0
 */
void tfm_filter_subsys_error(struct tfm_filter_error *err)
{
	err->code = TFM_FILTER_ERR_BAD_SUBSYS_FILTER;
	err->pos = 0;
}

/**
 * tfm_filter_error_file_text - an event `filter` file after a failed write.
 * @out:	appended to
 * @expr:	the expression that failed (as passed to tfm_filter_parse)
 * @err:	its error
 *
 * Appends the whole read result: "<expr>\n<spaces>^\nparse_error: <msg>\n\n"
 * with min(pos, strlen(expr)) spaces, or "<expr>\nError: (0)\n\n" when the
 * kernel recorded no message.
 */
void tfm_filter_error_file_text(GString *out, const char *expr,
				const struct tfm_filter_error *err)
{
	int len = strlen(expr), pos = MIN(err->pos, len);

	g_string_append(out, expr);
	if (err->code == TFM_FILTER_ERR_NONE) {
		g_string_append(out, "\nError: (0)\n\n");
		return;
	}
	g_string_append_c(out, '\n');
	for (int k = 0; k < pos; k++)
		g_string_append_c(out, ' ');
	g_string_append_printf(out, "^\nparse_error: %s\n\n",
			       tfm_filter_error_msg(err->code));
}

/**
 * tfm_filter_error_log_msg - the message of the error_log entry.
 * @err: the error
 *
 * Return: a static string; "Error" when the kernel recorded no message.
 */
const char *tfm_filter_error_log_msg(const struct tfm_filter_error *err)
{
	if (err->code == TFM_FILTER_ERR_NONE)
		return err_text[TFM_FILTER_ERR_ERRNO];
	return tfm_filter_error_msg(err->code);
}

/**
 * tfm_filter_error_log_pos - the caret position of the error_log entry.
 * @err: the error
 *
 * Return: the kernel's position (0 when it recorded no message), as the
 * 16-bit value error_log keeps; the caret line has 11 more spaces.
 */
unsigned int tfm_filter_error_log_pos(const struct tfm_filter_error *err)
{
	if (err->code == TFM_FILTER_ERR_NONE)
		return 0;
	return (uint16_t)err->pos;
}

/**
 * tfm_filter_error_log_text - an error_log entry without its timestamp.
 * @out:	appended to
 * @expr:	the command (the filter text)
 * @err:	the error
 *
 * Appends "event filter parse error: error: <msg>\n  Command: <expr>\n"
 * and a caret line of 11 + position spaces.
 */
void tfm_filter_error_log_text(GString *out, const char *expr,
			       const struct tfm_filter_error *err)
{
	unsigned int pos = tfm_filter_error_log_pos(err);

	g_string_append_printf(out, "%s: error: %s\n  Command: %s\n",
			       TFM_FILTER_ERROR_LOC,
			       tfm_filter_error_log_msg(err), expr);
	for (unsigned int k = 0; k < 11 + pos; k++)
		g_string_append_c(out, ' ');
	g_string_append(out, "^\n");
}

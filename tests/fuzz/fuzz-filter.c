// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-filter - libFuzzer harness for the event filter language
 * (tfm_filter_parse(), tfm_filter_match() and the error texts).
 *
 * Input: one selector byte, then the bytes of a `filter` file write up to
 * the first NUL, then (after that NUL) a binary record of exactly the
 * remaining length.  The selector picks the field set (sched_switch, as
 * the 6.18 format lists it, or a set with one field of every kind the
 * evaluator reads) and the CPU/comm context.
 *
 * The write goes through the same steps as the model's filter file: the
 * kept text, the "0" test, the parse, then either the error texts or the
 * filter's string and an evaluation over the record.  A filter's string
 * must parse again and give the same verdict.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "filter.h"
#include "../common/fieldsets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct tfm_field_set *const field_sets[] = {
	&tt_sched_switch, &tt_mixed,
};

static void check(bool ok)
{
	if (!ok)
		abort();
}

static void error_texts(const char *text, const struct tfm_filter_error *err)
{
	g_autoptr(GString) s = g_string_new(NULL);
	struct tfm_filter_error sub;

	check(tfm_filter_error_msg(err->code) != NULL);
	check(tfm_filter_error_log_msg(err) != NULL);
	tfm_filter_error_file_text(s, text, err);
	tfm_filter_error_log_text(s, text, err);
	tfm_filter_subsys_error(&sub);
	tfm_filter_error_file_text(s, text, &sub);
}

static void evaluate(const struct tfm_filter *f, const struct tfm_field_set *set,
		     const uint8_t *rec, size_t len,
		     const struct tfm_filter_ctx *ctx)
{
	const char *shown = tfm_filter_string(f);
	struct tfm_filter_error err = { 0 };
	struct tfm_filter *again = NULL;
	bool hit;

	check(shown != NULL);
	hit = tfm_filter_match(f, rec, len, ctx);
	tfm_filter_match(f, rec, len, NULL);
	tfm_filter_match(f, NULL, 0, ctx);
	check(tfm_filter_parse(shown, strlen(shown), set, &again, &err) == 0);
	check(tfm_filter_match(again, rec, len, ctx) == hit);
	tfm_filter_free(again);
}

/**
 * LLVMFuzzerTestOneInput - one filter write, then one evaluation.
 * Return: 0 (libFuzzer's convention).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct tfm_field_set *set;
	struct tfm_filter_ctx ctx;
	struct tfm_filter_error err = { 0 };
	struct tfm_filter *f = NULL;
	g_autofree char *text = NULL;
	g_autofree uint8_t *rec = NULL;
	const uint8_t *nul;
	size_t wlen, rlen;
	int ret;

	if (size < 1)
		return 0;
	set = field_sets[data[0] & 1];
	ctx.cpu = (data[0] >> 1) & 7;
	ctx.comm = data[0] & 0x10 ? "bash" : NULL;
	data++;
	size--;
	nul = memchr(data, '\0', size);
	wlen = nul ? (size_t)(nul - data) : size;
	rlen = nul ? size - wlen - 1 : 0;
	/* the record in a buffer of its exact size, so overreads show */
	rec = rlen ? g_memdup2(nul + 1, rlen) : NULL;

	text = tfm_filter_write_text((const char *)data, wlen);
	if (tfm_filter_text_is_clear(text))
		return 0;
	ret = tfm_filter_parse(text, strlen(text), set, &f, &err);
	if (ret) {
		check(ret < 0 && f == NULL);
		error_texts(text, &err);
		return 0;
	}
	check(f != NULL);
	evaluate(f, set, rec, rlen, &ctx);
	tfm_filter_free(f);
	return 0;
}

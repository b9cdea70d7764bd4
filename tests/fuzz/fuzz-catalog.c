// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-catalog - libFuzzer harness for the events catalog loader
 * (tfm_catalog_load_data(), doc/catalog-format.md).
 *
 * The input is a whole catalog file.  A catalog that loads is then used
 * the way the model uses one: every system and event is looked up by
 * name, every event's fields are parsed, and the registration order is
 * replaced (reversed).  Lookups that do not find what the catalog lists
 * abort, so the fuzzer reports them.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "catalog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		abort();
}

static void use_event(const struct tfm_catalog *cat, const struct tfm_event *ev)
{
	const struct tfm_field_set *set;
	size_t bad_line;

	check(tfm_catalog_find_event(cat, ev->system->name, ev->name) == ev);
	check(tfm_system_find_event(ev->system, ev->name) == ev);
	set = tfm_event_fields(ev);
	if (set) {
		for (size_t i = 0; i < set->nr; i++)
			check(tfm_field_find(set, set->fields[i].name,
					     strlen(set->fields[i].name)) != NULL);
	}
	/* A format the loader accepted passes the format check. */
	check(tfm_format_check(ev->format, ev->format_len, &bad_line) == 0);
}

static void use_catalog(struct tfm_catalog *cat)
{
	g_autofree const struct tfm_event **rev = NULL;
	const struct tfm_system *sys;
	const struct tfm_event *ev;
	size_t i, enableable = 0;

	tfm_catalog_for_each_system(cat, i, sys)
		check(tfm_catalog_find_system(cat, sys->name) == sys);
	tfm_catalog_for_each_event(cat, i, ev) {
		use_event(cat, ev);
		enableable += !!(ev->files & TFM_EF_ENABLE);
	}
	check(tfm_catalog_nr_enableable(cat) == enableable);

	rev = g_new(const struct tfm_event *, cat->nr_events + 1);
	for (i = 0; i < cat->nr_events; i++)
		rev[i] = cat->order[cat->nr_events - 1 - i];
	tfm_catalog_set_order(cat, rev, cat->nr_events);
	tfm_catalog_for_each_event(cat, i, ev)
		check(ev == rev[i]);
}

/**
 * LLVMFuzzerTestOneInput - load @data as a catalog and use the result.
 * Return: 0 (libFuzzer's convention).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tfm_catalog *cat = NULL;
	g_autoptr(GError) error = NULL;
	int ret;

	ret = tfm_catalog_load_data((const char *)data, size, "fuzz", &cat,
				    &error);
	if (ret) {
		check(cat == NULL && ret == -EINVAL && error != NULL);
		return 0;
	}
	check(cat != NULL && error == NULL);
	use_catalog(cat);
	tfm_catalog_free(cat);
	return 0;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * catalog-index.c - a loaded events catalog: registration order, lookups
 * by name (each system's events sorted by name, searched with bsearch),
 * fields parsed on first use, and freeing.
 */
#include <stdlib.h>
#include <string.h>

#include "catalog.h"

/*
 * Set the registration order: the @nr events of @listed (indexes) first,
 * then every other event in catalog order. Rebuild the system order and
 * the per-system event lists from it.
 */
void tfm_catalog_apply_order(struct tfm_catalog *cat, const guint *listed,
			     size_t nr)
{
	struct tfm_event *evs = (struct tfm_event *)cat->events;
	struct tfm_system *sys = (struct tfm_system *)cat->systems;
	g_autofree guint8 *seen = g_new0(guint8, cat->nr_events + 1);
	g_autofree size_t *fill = g_new0(size_t, cat->nr_systems + 1);
	const struct tfm_event **order, **lists;
	const struct tfm_system **sys_order;
	size_t n = 0, ns = 0, off = 0;

	order = g_new(const struct tfm_event *, cat->nr_events + 1);
	for (size_t i = 0; i < nr; i++)
		if (!seen[listed[i]]++)
			order[n++] = &evs[listed[i]];
	for (size_t i = 0; i < cat->nr_events; i++)
		if (!seen[i])
			order[n++] = &evs[i];
	sys_order = g_new(const struct tfm_system *, cat->nr_systems + 1);
	for (size_t i = 0; i < cat->nr_systems; i++)
		sys[i].reg_index = UINT32_MAX;
	for (size_t i = 0; i < n; i++) {
		struct tfm_system *s = (struct tfm_system *)order[i]->system;

		evs[order[i] - evs].reg_index = (uint32_t)i;
		if (s->reg_index == UINT32_MAX) {
			s->reg_index = (uint32_t)ns;
			sys_order[ns++] = s;
		}
	}
	for (size_t i = 0; i < cat->nr_systems; i++)
		if (sys[i].reg_index == UINT32_MAX) {
			sys[i].reg_index = (uint32_t)ns;
			sys_order[ns++] = &sys[i];
		}
	lists = g_new(const struct tfm_event *, cat->nr_events + 1);
	for (size_t i = 0; i < ns; i++) {
		struct tfm_system *s = (struct tfm_system *)sys_order[i];

		s->events = lists + off;
		off += s->nr_events;
	}
	for (size_t i = 0; i < n; i++) {
		size_t si = (size_t)(order[i]->system - cat->systems);

		sys[si].events[fill[si]++] = order[i];
	}
	g_free(cat->order);
	g_free(cat->sys_order);
	g_free(cat->sys_events);
	cat->order = order;
	cat->sys_order = sys_order;
	cat->sys_events = lists;
}

static int cmp_event_name(const void *a, const void *b)
{
	return strcmp((*(const struct tfm_event *const *)a)->name,
		      (*(const struct tfm_event *const *)b)->name);
}

/* bsearch: a name against an element of a by_name array. */
static int cmp_name_event(const void *name, const void *b)
{
	return strcmp(name, (*(const struct tfm_event *const *)b)->name);
}

/*
 * Each system's events sorted by name, for tfm_system_find_event(): a
 * pointer per event (the parser's hash tables cost four times that).
 */
void tfm_catalog_sort_names(struct tfm_catalog *cat, struct tfm_system *sys)
{
	cat->sys_sorted = g_memdup2(cat->sys_events, (cat->nr_events + 1) *
				    sizeof(*cat->sys_events));
	for (size_t i = 0; i < cat->nr_systems; i++) {
		sys[i].by_name = cat->sys_sorted +
				 (sys[i].events - cat->sys_events);
		qsort(sys[i].by_name, sys[i].nr_events, sizeof(*sys->by_name),
		      cmp_event_name);
	}
}

/*
 * tfm_catalog_set_order - replace the registration order of a catalog.
 * @cat: a catalog nobody else uses yet (this is not thread-safe)
 * @listed: @nr events of @cat, in the wanted order; repeats and
 *	    pointers that are not events of @cat are ignored
 *
 * Events not in @listed follow in catalog order. tfm_catalog.order,
 * .sys_order, and each system's event list are rebuilt; pointers taken
 * from the old arrays become invalid.
 */
void tfm_catalog_set_order(struct tfm_catalog *cat,
			   const struct tfm_event *const *listed, size_t nr)
{
	g_autofree guint *idx = NULL;
	uintptr_t lo, hi;
	size_t n = 0;

	if (!cat->nr_events)
		return;
	idx = g_new(guint, nr + 1);
	lo = (uintptr_t)cat->events;
	hi = (uintptr_t)(cat->events + cat->nr_events);

	for (size_t i = 0; i < nr; i++)
		if ((uintptr_t)listed[i] >= lo && (uintptr_t)listed[i] < hi)
			idx[n++] = (guint)(listed[i] - cat->events);
	tfm_catalog_apply_order(cat, idx, n);
}

/*
 * tfm_catalog_free - free a catalog; NULL is ignored. Every pointer
 * obtained from it becomes invalid.
 */
void tfm_catalog_free(struct tfm_catalog *cat)
{
	if (!cat)
		return;
	for (size_t i = 0; i < cat->nr_events; i++) {
		struct tfm_field_set *set =
			(struct tfm_field_set *)cat->events[i].fields_once;

		if (set) {
			g_free((void *)set->fields);
			g_free(set);
		}
	}
	g_free(cat->sys_sorted);
	g_free((void *)cat->systems);
	g_free((void *)cat->events);
	g_free(cat->order);
	g_free(cat->sys_order);
	g_free(cat->sys_events);
	if (cat->sys_by_name)
		g_hash_table_unref(cat->sys_by_name);
	if (cat->strings)
		g_string_chunk_free(cat->strings);
	g_bytes_unref(cat->bytes);
	g_free(cat->name);
	g_free(cat);
}

/*
 * tfm_catalog_find_system - look a system up by name.
 * Return: the system, or NULL.
 */
const struct tfm_system *tfm_catalog_find_system(const struct tfm_catalog *cat,
						 const char *system)
{
	return g_hash_table_lookup(cat->sys_by_name, system);
}

/*
 * tfm_system_find_event - look an event of @sys up by name.
 * Return: the event, or NULL.
 */
const struct tfm_event *tfm_system_find_event(const struct tfm_system *sys,
					      const char *event)
{
	const struct tfm_event *const *e = NULL;

	if (sys->by_name)
		e = bsearch(event, sys->by_name, sys->nr_events, sizeof(*e),
			    cmp_name_event);
	return e ? *e : NULL;
}

/*
 * tfm_catalog_find_event - look "<system>/<event>" up.
 * Return: the event, or NULL if either name is unknown.
 */
const struct tfm_event *tfm_catalog_find_event(const struct tfm_catalog *cat,
					       const char *system,
					       const char *event)
{
	const struct tfm_system *sys = tfm_catalog_find_system(cat, system);

	return sys ? tfm_system_find_event(sys, event) : NULL;
}

/*
 * tfm_event_fields - the fields of an event's format, parsed on first use.
 * @ev: an event of a loaded catalog
 *
 * Safe to call from several threads at once.
 *
 * Return: the field set (common_* fields first, format order); it lives
 * as long as the catalog. Never NULL.
 */
const struct tfm_field_set *tfm_event_fields(const struct tfm_event *ev)
{
	struct tfm_event *e = (struct tfm_event *)ev;

	if (g_once_init_enter(&e->fields_once)) {
		struct tfm_field_set *set = g_new0(struct tfm_field_set, 1);
		struct tfm_field *f = NULL;

		/* the loader checked the format, so this cannot fail */
		if (!tfm_format_parse_fields(ev->format, ev->format_len, &f,
					     &set->nr))
			set->fields = f;
		g_once_init_leave(&e->fields_once, (gsize)set);
	}
	return (const struct tfm_field_set *)e->fields_once;
}

/*
 * tfm_catalog_nr_enableable - how many events have an enable file.
 * Return: the number of lines available_events shows for @cat.
 */
size_t tfm_catalog_nr_enableable(const struct tfm_catalog *cat)
{
	size_t n = 0;

	for (size_t i = 0; i < cat->nr_events; i++)
		n += !!(cat->events[i].files & TFM_EF_ENABLE);
	return n;
}

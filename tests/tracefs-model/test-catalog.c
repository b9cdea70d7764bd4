// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-catalog.c - the events catalog loader, format parsing, and the
 * embedded Linux 6.18 capture, checked against the capture files found
 * in $TFM_DATA_DIR/linux-6.18.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "catalog.h"
#include "../common/fieldsets.h"

static struct tfm_catalog *def;	/* the default catalog, loaded once */

/* Read a file of the capture folder; fails the test if it is missing. */
static char *data_file(const char *rel, size_t *len)
{
	const char *dir = getenv("TFM_DATA_DIR");
	g_autofree char *path = NULL;
	char *text = NULL;
	gsize n = 0;

	assert_non_null(dir);
	path = g_build_filename(dir, "linux-6.18", rel, NULL);
	assert_true(g_file_get_contents(path, &text, &n, NULL));
	if (len)
		*len = n;
	return text;
}

/* A value of counts.tsv. */
static size_t count_of(const char *key)
{
	g_autofree char *text = data_file("counts.tsv", NULL);
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	size_t klen = strlen(key);

	for (char **l = lines; *l; l++)
		if (!strncmp(*l, key, klen) && (*l)[klen] == '\t')
			return strtoul(*l + klen + 1, NULL, 10);
	fail_msg("counts.tsv has no %s", key);
	return 0;
}

static int setup(void **state)
{
	return tfm_catalog_load_default(&def);
}

static int teardown(void **state)
{
	tfm_catalog_free(def);
	return 0;
}

static void test_default_counts(void **state)
{
	size_t with_files = 0;

	assert_int_equal(def->nr_systems, count_of("systems"));
	assert_int_equal(def->nr_systems, 102);
	assert_int_equal(def->nr_events, count_of("events"));
	assert_int_equal(def->nr_events, 2323);
	assert_int_equal(tfm_catalog_nr_enableable(def), 2305);
	for (size_t i = 0; i < def->nr_systems; i++) {
		const struct tfm_system *s = &def->systems[i];

		if (s->files == (TFM_EF_ENABLE | TFM_EF_FILTER))
			with_files++;
		else
			assert_string_equal(s->name, "ftrace");
	}
	assert_int_equal(with_files, 101);
	assert_int_equal(tfm_catalog_find_system(def, "ftrace")->files, 0);
	assert_int_equal(tfm_catalog_find_system(def, "ftrace")->nr_events, 18);
}

static void test_ids_unique(void **state)
{
	g_autoptr(GHashTable) ids = g_hash_table_new(NULL, NULL);

	for (size_t i = 0; i < def->nr_events; i++) {
		const struct tfm_event *ev = &def->events[i];

		assert_true(ev->id > 0 && ev->id <= 65535);
		assert_true(g_hash_table_add(ids, GUINT_TO_POINTER(ev->id)));
	}
	assert_int_equal(g_hash_table_size(ids), 2323);
}

static void test_sched_switch(void **state)
{
	const struct tfm_event *ev;
	g_autofree char *fmt = NULL, *id = NULL;
	size_t len;

	ev = tfm_catalog_find_event(def, "sched", "sched_switch");
	assert_non_null(ev);
	assert_string_equal(ev->name, "sched_switch");
	assert_string_equal(ev->system->name, "sched");
	assert_int_equal(ev->id, 372);
	id = data_file("sample-event-sched_switch/id", NULL);
	assert_int_equal(ev->id, strtoul(id, NULL, 10));
	assert_int_equal(ev->files, TFM_EF_ENABLE | TFM_EF_FILTER |
			 TFM_EF_TRIGGER | TFM_EF_FORMAT | TFM_EF_ID);
	fmt = data_file("sample-event-sched_switch/format", &len);
	assert_int_equal(ev->format_len, len);
	assert_memory_equal(ev->format, fmt, len);
	assert_ptr_equal(tfm_system_find_event(ev->system, "sched_switch"), ev);
	assert_null(tfm_catalog_find_event(def, "sched", "sched_nope"));
	assert_null(tfm_catalog_find_event(def, "nope", "sched_switch"));
	assert_null(tfm_catalog_find_system(def, "sched_switch"));
}

/*
 * Pages given back to the kernel (tfm_capture_release(),
 * tfm_catalog_release_text()) read back the same bytes, and a catalog
 * still works: its formats point into those pages.
 */
static void test_release_pages(void **state)
{
	g_autoptr(GBytes) hp = tfm_capture_lookup("header_page");
	g_autoptr(GBytes) cat_text = tfm_capture_lookup("events.catalog");
	g_autofree char *want = data_file("events.catalog", NULL);
	g_autofree char *fmt = NULL;
	const struct tfm_event *ev;
	size_t len;

	tfm_capture_release(hp);
	tfm_capture_release(NULL);
	tfm_catalog_release_text(def);
	tfm_catalog_release_text(NULL);
	assert_int_equal(g_bytes_get_size(hp), 205);
	assert_memory_equal(g_bytes_get_data(cat_text, NULL), want,
			    g_bytes_get_size(cat_text));
	ev = tfm_catalog_find_event(def, "sched", "sched_switch");
	fmt = data_file("sample-event-sched_switch/format", &len);
	assert_int_equal(ev->format_len, len);
	assert_memory_equal(ev->format, fmt, len);
	assert_ptr_equal(tfm_catalog_find_event(def, "ftrace", "function"),
			 tfm_system_find_event(tfm_catalog_find_system(def,
						"ftrace"), "function"));
}

/* The captured format parses to the fields its lines list. */
static void test_sched_switch_fields(void **state)
{
	const struct tfm_field *want = tt_sched_switch.fields;
	const struct tfm_event *ev =
		tfm_catalog_find_event(def, "sched", "sched_switch");
	const struct tfm_field_set *set = tfm_event_fields(ev);

	assert_int_equal(set->nr, tt_sched_switch.nr);
	for (size_t i = 0; i < set->nr; i++) {
		assert_string_equal(set->fields[i].type, want[i].type);
		assert_string_equal(set->fields[i].name, want[i].name);
		assert_int_equal(set->fields[i].offset, want[i].offset);
		assert_int_equal(set->fields[i].size, want[i].size);
		assert_int_equal(set->fields[i].is_signed, want[i].is_signed);
		assert_int_equal(set->fields[i].kind, want[i].kind);
	}
	assert_ptr_equal(tfm_event_fields(ev), set);
	assert_ptr_equal(tfm_field_find(set, "next_pid", 8), &set->fields[9]);
}

static void test_ftrace_events(void **state)
{
	const struct tfm_system *ft = tfm_catalog_find_system(def, "ftrace");
	const struct tfm_event *ev;
	size_t i;

	assert_int_equal(tfm_catalog_find_event(def, "ftrace", "bprint")->files,
			 TFM_EF_FORMAT);
	assert_int_equal(tfm_catalog_find_event(def, "ftrace", "print")->files,
			 TFM_EF_FORMAT | TFM_EF_ID | TFM_EF_TRIGGER);
	ev = tfm_catalog_find_event(def, "ftrace", "function");
	assert_int_equal(ev->files, TFM_EF_FORMAT | TFM_EF_ID);
	assert_int_equal(ev->id, 1);
	assert_int_equal(tfm_catalog_find_event(def, "ftrace", "print")->id, 5);
	tfm_system_for_each_event(ft, i, ev)
		assert_false(ev->files & (TFM_EF_ENABLE | TFM_EF_FILTER));
}

/* Every event and system has exactly the files layout.tsv shows. */
static void test_files_match_layout(void **state)
{
	g_autoptr(GHashTable) want = g_hash_table_new_full(g_str_hash,
		g_str_equal, g_free, NULL);
	static const char *const names[] = { "enable", "filter", "trigger",
		"format", "id", "hist", "hist_debug", "inject" };
	struct tfm_layout *lay;
	size_t dirs = 0, files = 0;

	assert_int_equal(tfm_layout_load_capture("layout.tsv", &lay), 0);
	assert_int_equal(lay->nr, count_of("layout_nodes"));
	for (size_t i = 0; i < lay->nr; i++) {
		const struct tfm_layout_row *r = &lay->rows[i];
		const char *slash = strrchr(r->path, '/');
		g_autofree char *dir = NULL;
		gpointer old;
		size_t b;

		dirs += r->type == 'd';
		files += r->type == 'f';
		if (r->type != 'f' || strncmp(r->path, "events/", 7) ||
		    slash < r->path + 8)
			continue;
		for (b = 0; b < G_N_ELEMENTS(names); b++)
			if (!strcmp(slash + 1, names[b]))
				break;
		assert_true(b < G_N_ELEMENTS(names));
		dir = g_strndup(r->path + 7, (size_t)(slash - r->path - 7));
		old = g_hash_table_lookup(want, dir);
		g_hash_table_insert(want, g_steal_pointer(&dir),
			GUINT_TO_POINTER(GPOINTER_TO_UINT(old) | 1u << b));
	}
	assert_int_equal(dirs, count_of("layout_type_d"));
	assert_int_equal(files, count_of("layout_type_f"));
	assert_string_equal(lay->rows[0].path, ".");
	assert_int_equal(lay->rows[0].mode, 0700);
	for (size_t i = 0; i < def->nr_events; i++) {
		const struct tfm_event *ev = &def->events[i];
		g_autofree char *dir = g_strdup_printf("%s/%s",
			ev->system->name, ev->name);

		assert_int_equal(ev->files, GPOINTER_TO_UINT(
					 g_hash_table_lookup(want, dir)));
	}
	for (size_t i = 0; i < def->nr_systems; i++)
		assert_int_equal(def->systems[i].files, GPOINTER_TO_UINT(
			g_hash_table_lookup(want, def->systems[i].name)));
	tfm_layout_free(lay);
}

static size_t count_field_lines(const char *s, size_t len)
{
	size_t n = 0;

	for (const char *p = s; (p = memmem(p, len - (size_t)(p - s),
					    "\n\tfield:", 8)); p++)
		n++;
	return n;
}

static void test_all_formats_parse(void **state)
{
	size_t total = 0;

	for (size_t i = 0; i < def->nr_events; i++) {
		const struct tfm_event *ev = &def->events[i];
		struct tfm_field *f;
		size_t nr;

		assert_int_equal(tfm_format_parse_fields(ev->format,
				 ev->format_len, &f, &nr), 0);
		assert_int_equal(nr, count_field_lines(ev->format,
						       ev->format_len));
		assert_true(nr >= 4);
		assert_string_equal(f[0].name, "common_type");
		assert_int_equal(tfm_event_fields(ev)->nr, nr);
		total += nr;
		g_free(f);
	}
	assert_int_equal(total, 21094);
}

static void test_registration_order(void **state)
{
	g_autofree char *avail = data_file("top-level/available_events", NULL);
	g_auto(GStrv) lines = g_strsplit(avail, "\n", -1);
	const struct tfm_event *ev, *bpf;
	const struct tfm_system *sys;
	size_t i, k = 0, ft_pos = 0;

	assert_string_equal(def->order[0]->system->name, "initcall");
	assert_string_equal(def->order[0]->name, "initcall_finish");
	tfm_catalog_for_each_event(def, i, ev) {
		g_autofree char *want = NULL;

		assert_int_equal(ev->reg_index, i);
		if (!(ev->files & TFM_EF_ENABLE))
			continue;
		want = g_strdup_printf("%s:%s", ev->system->name, ev->name);
		assert_string_equal(lines[k], want);
		k++;
	}
	assert_int_equal(k, 2305);
	assert_string_equal(lines[k], "");
	/* the ftrace block sits right before bpf_trace:bpf_trace_printk */
	bpf = tfm_catalog_find_event(def, "bpf_trace", "bpf_trace_printk");
	ev = tfm_catalog_find_event(def, "ftrace", "function");
	assert_int_equal(ev->reg_index + 1, bpf->reg_index);
	ev = tfm_catalog_find_event(def, "ftrace", "timerlat");
	assert_int_equal(ev->reg_index + 18, bpf->reg_index);
	tfm_catalog_for_each_system(def, i, sys) {
		assert_int_equal(sys->reg_index, i);
		assert_true(sys->nr_events > 0);
		for (size_t j = 1; j < sys->nr_events; j++)
			assert_true(sys->events[j - 1]->reg_index <
				    sys->events[j]->reg_index);
		if (!strcmp(sys->name, "ftrace"))
			ft_pos = i;
	}
	assert_string_equal(def->sys_order[1]->name, "vsyscall");
	assert_string_equal(def->sys_order[ft_pos - 1]->name, "cgroup");
	assert_string_equal(def->sys_order[ft_pos + 1]->name, "bpf_trace");
	assert_string_equal(def->systems[0].name, "alarmtimer");
}

static void test_field_kinds(void **state)
{
	static const struct { const char *type; enum tfm_field_kind k; } t[] = {
		{ "char[16]", TFM_FIELD_STRING },
		{ "char[]", TFM_FIELD_STRING },
		{ "unsigned char[6]", TFM_FIELD_STRING },
		{ "__data_loc char[]", TFM_FIELD_STRING },
		{ "__rel_loc char[]", TFM_FIELD_STRING },
		{ "char *", TFM_FIELD_STRING },
		{ "const char *", TFM_FIELD_STRING },
		{ "char", TFM_FIELD_NUMERIC },
		{ "unsigned char", TFM_FIELD_NUMERIC },
		{ "u8[16]", TFM_FIELD_NUMERIC },
		{ "__data_loc u8[]", TFM_FIELD_NUMERIC },
		{ "__data_loc cpumask_t", TFM_FIELD_NUMERIC },
		{ "const void *", TFM_FIELD_NUMERIC },
		{ "const char * const *", TFM_FIELD_NUMERIC },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(t); i++)
		assert_int_equal(tfm_field_kind_of_type(t[i].type), t[i].k);
}

static void test_format_parse_lines(void **state)
{
	static const char ok[] =
		"name: x\nID: 3\nformat:\n"
		"\tfield:void * alarm;\toffset:8;\tsize:8;\tsigned:0;\n"
		"\tfield:__data_loc char[] name;\toffset:16;\tsize:4;\tsigned:0;\n"
		"\tfield:char buf[];\toffset:20;\tsize:0;\tsigned:1;\n"
		"\nprint fmt: \"x\"\n";
	static const char *const bad[] = {
		"\tfield:int x;\toffset:8;\tsize:4;\tsigned:2;\n",
		"\tfield:int x;\toffset:8;\tsize:4;\n",
		"\tfield:int x;\toffset:8;\tsize:4;\tsigned:0; \n",
		"\tfield:x;\toffset:8;\tsize:4;\tsigned:0;\n",
		"\tfield:int x[4;\toffset:8;\tsize:4;\tsigned:0;\n",
		"\tfield:int 9x;\toffset:8;\tsize:4;\tsigned:0;\n",
		"\tfield:int x;\toffset:99999999999;\tsize:4;\tsigned:0;\n",
		"\tfield:int x;\toffset:-1;\tsize:4;\tsigned:0;\n",
	};
	struct tfm_field *f;
	size_t nr, line = 99;

	assert_int_equal(tfm_format_parse_fields(ok, sizeof(ok) - 1, &f, &nr), 0);
	assert_int_equal(nr, 3);
	assert_string_equal(f[0].type, "void *");
	assert_string_equal(f[0].name, "alarm");
	assert_string_equal(f[1].type, "__data_loc char[]");
	assert_int_equal(f[1].kind, TFM_FIELD_STRING);
	assert_string_equal(f[2].type, "char[]");
	assert_string_equal(f[2].name, "buf");
	assert_true(f[2].is_signed);
	g_free(f);
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autofree char *t = g_strconcat("name: x\n", bad[i], NULL);

		assert_int_equal(tfm_format_parse_fields(t, strlen(t), &f, &nr),
				 -EINVAL);
		assert_null(f);
		assert_int_equal(tfm_format_check(t, strlen(t), &line), -EINVAL);
		assert_int_equal(line, 1);
	}
}

#define V "# tracefs events catalog v1\n"
#define SYS "system s files=enable,filter\n"
#define FMT(n, id) "name: " n "\nID: " id "\nformat:\n" \
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n" \
	"\nprint fmt: \"x\"\n"
#define EV(n, id) "event s " n " id=" id \
	" files=enable,filter,format,id lines=6\n" FMT(n, id) "end\n"

static void expect_error(const char *text, size_t len, const char *msg)
{
	struct tfm_catalog *cat = (void *)1;
	g_autoptr(GError) err = NULL;

	assert_int_equal(tfm_catalog_load_data(text, len, "t", &cat, &err),
			 -EINVAL);
	assert_null(cat);
	assert_non_null(err);
	assert_int_equal(err->code, EINVAL);
	assert_string_equal(err->message, msg);
}

static void test_loader_errors(void **state)
{
	static const struct { const char *text, *msg; } c[] = {
		{ "", "t:1: empty file (missing '# tracefs events catalog v1')" },
		{ "# tracefs events catalog v2\n", "t:1: unsupported catalog version" },
		{ "system s files=-\n", "t:1: missing version line '# tracefs events catalog v1'" },
		{ V "# c\n\nsystm s files=-\n", "t:4: unknown keyword 'systm'" },
		{ V SYS "system s files=-\n", "t:3: duplicate system 's'" },
		{ V SYS EV("a", "10") EV("a", "11"), "t:11: duplicate event 's/a'" },
		{ V SYS EV("a", "10") EV("b", "10"), "t:11: s/b: duplicate id 10 (also s/a)" },
		{ V EV("a", "10"), "t:2: s/a: system not declared" },
		{ V "system s files=enable,bogus\n", "t:2: bad files= entry 'bogus'" },
		{ V "system s files=trigger\n", "t:2: bad files= entry 'trigger' for a system (only enable and filter)" },
		{ V "system s files=enable,enable\n", "t:2: duplicate files= entry 'enable'" },
		{ V SYS "event s a id=10 files=format, lines=6\n", "t:3: bad files= entry ''" },
		{ V SYS "event s a id=10 files=enable,format,id lines=5\n" FMT("a", "10") "end\n",
		  "t:9: s/a: expected 'end' after 5 format lines (lines= does not match)" },
		{ V SYS "event s a id=10 files=enable,format,id lines=7\n" FMT("a", "10") "end\n",
		  "t:11: s/a: missing 'end' after 7 format lines (end of file)" },
		{ V SYS "event s a id=10 files=format,id lines=6\nname: a\nID: 10\nformat:\n",
		  "t:3: s/a: file ends after 3 of 6 format lines" },
		{ V SYS "event s a id=10 files=format,id lines=6\n" FMT("a", "10"),
		  "t:10: s/a: missing 'end' after 6 format lines (end of file)" },
		{ V SYS "event s a id=10 files=format,id lines=6\n" FMT("b", "10") "end\n",
		  "t:4: s/a: format does not start with 'name: a'" },
		{ V SYS "event s a id=10 files=format,id lines=6\n" FMT("a", "11") "end\n",
		  "t:5: s/a: format says ID 11 but id=10" },
		{ V SYS "event s a id=- files=format,id lines=6\n" FMT("a", "10") "end\n",
		  "t:3: s/a: id= must be a number exactly when files= lists id" },
		{ V SYS "event s a id=10 files=format lines=6\n" FMT("a", "10") "end\n",
		  "t:3: s/a: id= must be a number exactly when files= lists id" },
		{ V SYS "event s a id=10 files=enable,id lines=6\n" FMT("a", "10") "end\n",
		  "t:3: s/a: files= must include format" },
		{ V SYS "event s a id=10 files=format,id lines=6\nname: a\nID: 10\nformat:\n"
		  "\tfield:int x;\toffset:0;\tsize:4;\n\nprint fmt: \"\"\nend\n",
		  "t:7: s/a: malformed field line" },
		{ V SYS "event s a id=10 files=format\n", "t:3: expected 'event <system> <event> id=<n|-> files=<list> lines=<n>'" },
		{ V SYS "event s a id=10 files=format,id lines=99999\n", "t:3: s/a: bad lines= count" },
		{ V SYS "event s a id=0 files=format,id lines=6\n", "t:3: s/a: bad id= (1..65535 or -)" },
		{ V "system a/b files=-\n", "t:2: bad system name" },
		{ V SYS EV("a", "10") "order lines=1\ns:zz\nend\n", "t:12: order: unknown event 's:zz'" },
		{ V SYS EV("a", "10") "order lines=2\ns:a\ns:a\nend\n", "t:13: order: duplicate 's:a'" },
		{ V SYS EV("a", "10") "order lines=1\ns:a\nend\n" SYS, "t:14: system and event records must come before the order record" },
		{ V SYS EV("a", "10") "order lines=0\nend\norder lines=0\nend\n", "t:13: duplicate order record" },
	};

	for (size_t i = 0; i < G_N_ELEMENTS(c); i++)
		expect_error(c[i].text, strlen(c[i].text), c[i].msg);
	expect_error(V "sys\0tem s files=-\n", sizeof(V "sys\0tem s files=-\n") - 1,
		     "t:2: NUL byte in line");
}

static void test_load_valid_small(void **state)
{
	static const char text[] = V "# comment\n" SYS
		"system z files=-\n"
		"event z q id=- files=format lines=6\n" FMT("q", "7") "end\n"
		EV("a", "10") EV("b", "11") EV("c", "12")
		"order lines=2\ns:c\nz:q\nend\n";
	struct tfm_catalog *cat;
	const struct tfm_system *s;

	assert_int_equal(tfm_catalog_load_data(text, sizeof(text) - 1, "t",
					       &cat, NULL), 0);
	assert_int_equal(cat->nr_systems, 2);
	assert_int_equal(cat->nr_events, 4);
	assert_string_equal(cat->events[0].name, "q");
	assert_int_equal(cat->events[0].id, 7);
	assert_string_equal(cat->order[0]->name, "c");
	assert_string_equal(cat->order[1]->name, "q");
	assert_string_equal(cat->order[2]->name, "a");
	assert_string_equal(cat->order[3]->name, "b");
	assert_string_equal(cat->sys_order[0]->name, "s");
	s = tfm_catalog_find_system(cat, "s");
	assert_int_equal(s->nr_events, 3);
	assert_string_equal(s->events[0]->name, "c");
	assert_string_equal(s->events[2]->name, "b");
	assert_int_equal(tfm_catalog_nr_enableable(cat), 3);
	assert_int_equal(cat->events[1].format_len, strlen(FMT("a", "10")));
	tfm_catalog_free(cat);
	tfm_catalog_free(NULL);
}

static void test_load_file(void **state)
{
	static const char text[] = V SYS EV("a", "10");
	g_autofree char *path = NULL;
	g_autoptr(GError) err = NULL;
	struct tfm_catalog *cat;
	int fd;

	fd = g_file_open_tmp("tfm-catalog-XXXXXX", &path, NULL);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof(text) - 1), sizeof(text) - 1);
	close(fd);
	assert_int_equal(tfm_catalog_load_file(path, &cat, NULL), 0);
	assert_int_equal(tfm_catalog_find_event(cat, "s", "a")->id, 10);
	assert_string_equal(cat->name, path);
	tfm_catalog_free(cat);
	unlink(path);
	assert_int_equal(tfm_catalog_load_file(path, &cat, &err), -ENOENT);
	assert_null(cat);
	assert_true(g_str_has_prefix(err->message, path));
}

/* Truncations and random mutations never crash; errors stay one line. */
static void try_load(const char *text, size_t len)
{
	struct tfm_catalog *cat = NULL;
	g_autoptr(GError) err = NULL;
	int ret = tfm_catalog_load_data(text, len, "t", &cat, &err);

	if (ret == 0) {
		assert_non_null(cat);
		for (size_t i = 0; i < cat->nr_events; i++)
			tfm_event_fields(&cat->events[i]);
		tfm_catalog_free(cat);
		return;
	}
	assert_int_equal(ret, -EINVAL);
	assert_null(cat);
	assert_true(g_str_has_prefix(err->message, "t:"));
	assert_null(strchr(err->message, '\n'));
}

static void test_garbage(void **state)
{
	static const char base[] = V SYS EV("a", "10") EV("b", "11")
		"order lines=1\ns:b\nend\n";
	g_autoptr(GRand) rnd = g_rand_new_with_seed(618);
	char buf[sizeof(base)];
	size_t len;
	const char *cat_text;

	for (size_t n = 0; n <= sizeof(base) - 1; n++)
		try_load(base, n);
	for (int i = 0; i < 3000; i++) {
		memcpy(buf, base, sizeof(base));
		for (int k = g_rand_int_range(rnd, 1, 4); k > 0; k--)
			buf[g_rand_int_range(rnd, 0, sizeof(base) - 1)] =
				(char)g_rand_int_range(rnd, 0, 256);
		try_load(buf, sizeof(base) - 1);
	}
	cat_text = g_bytes_get_data(def->bytes, &len);
	for (int i = 0; i < 8; i++)
		try_load(cat_text, (size_t)g_rand_int_range(rnd, 0, (gint32)len));
}

/* Every file of the capture folders is embedded byte for byte. */
static void compare_tree(const char *rel)
{
	const char *root = getenv("TFM_DATA_DIR");
	g_autofree char *dirpath = g_build_filename(root, "linux-6.18", rel, NULL);
	g_autoptr(GDir) dir = g_dir_open(dirpath, 0, NULL);
	const char *name;

	assert_non_null(dir);
	while ((name = g_dir_read_name(dir))) {
		g_autofree char *sub = g_strconcat(rel, "/", name, NULL);
		g_autofree char *full = g_build_filename(dirpath, name, NULL);
		g_autoptr(GBytes) got = NULL;
		g_autofree char *want = NULL;
		size_t len, glen;

		if (g_file_test(full, G_FILE_TEST_IS_DIR)) {
			compare_tree(sub);
			continue;
		}
		want = data_file(sub, &len);
		got = tfm_capture_lookup(sub);
		assert_non_null(got);
		assert_int_equal(g_bytes_get_size(got), len);
		assert_memory_equal(g_bytes_get_data(got, &glen), want, len);
	}
}

static void test_capture_lookup(void **state)
{
	static const char *const top[] = {
		"events.catalog", "layout.tsv", "instance-probe_demo.layout.tsv",
		"header_page", "header_event", "events-enable",
		"system-filter.sample", "event-control-defaults.tsv",
		"top-level.tsv", "top-level-options.tsv",
		"top-level-per_cpu-cpu0.tsv", "instance-probe_demo.tsv",
		"instance-probe_demo-options.tsv", "counts.tsv", "provenance.tsv",
	};
	g_autoptr(GBytes) hp = tfm_capture_lookup("header_page");

	for (size_t i = 0; i < G_N_ELEMENTS(top); i++) {
		g_autoptr(GBytes) got = tfm_capture_lookup(top[i]);
		g_autofree char *want = NULL;
		size_t len;

		want = data_file(top[i], &len);
		assert_non_null(got);
		assert_int_equal(g_bytes_get_size(got), len);
		assert_memory_equal(g_bytes_get_data(got, NULL), want, len);
	}
	compare_tree("top-level");
	compare_tree("instance-probe_demo");
	assert_int_equal(g_bytes_get_size(hp), 205);
	assert_null(tfm_capture_lookup("nope"));
	assert_null(tfm_capture_lookup("/header_page"));
	assert_null(tfm_capture_lookup(""));
	assert_null(tfm_capture_lookup("top-level"));
}

static void test_layout(void **state)
{
	static const char good[] = "# c\n.\td\t0750\t0\t0\nbuffer_size_kb\tf\t0640\t1000\t1001\n";
	static const struct { const char *text, *msg; } bad[] = {
		{ "a\tf\t0640\t0\n", "t:1: expected 5 tab-separated columns" },
		{ ".\td\t0750\t0\t0\na\tx\t0640\t0\t0\n", "t:2: type must be d, f or l" },
		{ "a\tf\t640\t0\t0\n", "t:1: bad mode (octal with a leading 0, at most 07777)" },
		{ "a\tf\t017777\t0\t0\n", "t:1: bad mode (octal with a leading 0, at most 07777)" },
		{ "a\tf\t0640\t-1\t0\n", "t:1: bad uid or gid" },
		{ "a\tf\t0640\t0\t0\tx\n", "t:1: more than 5 columns" },
		{ "\tf\t0640\t0\t0\n", "t:1: empty path" },
	};
	struct tfm_layout *lay;

	assert_int_equal(tfm_layout_parse(good, sizeof(good) - 1, "t", &lay,
					  NULL), 0);
	assert_int_equal(lay->nr, 2);
	assert_string_equal(lay->rows[1].path, "buffer_size_kb");
	assert_int_equal(lay->rows[1].type, 'f');
	assert_int_equal(lay->rows[1].mode, 0640);
	assert_int_equal(lay->rows[1].uid, 1000);
	assert_int_equal(lay->rows[1].gid, 1001);
	tfm_layout_free(lay);
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GError) err = NULL;

		assert_int_equal(tfm_layout_parse(bad[i].text, strlen(bad[i].text),
						  "t", &lay, &err), -EINVAL);
		assert_null(lay);
		assert_string_equal(err->message, bad[i].msg);
	}
	assert_int_equal(tfm_layout_load_capture("instance-probe_demo.layout.tsv",
						 &lay), 0);
	assert_int_equal(lay->nr, count_of("instance_layout_nodes"));
	tfm_layout_free(lay);
	assert_int_equal(tfm_layout_load_capture("nope", &lay), -ENOENT);
	tfm_layout_free(NULL);
}

/* The fuzzing seed corpus: valid-* files load, invalid-* files do not. */
static void test_corpus(void **state)
{
	g_autofree char *dir = g_build_filename(getenv("TFM_DATA_DIR"), "..",
						"tests", "corpus", "catalog", NULL);
	g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
	const char *name;
	int valid = 0, invalid = 0;

	assert_non_null(d);
	while ((name = g_dir_read_name(d))) {
		g_autofree char *path = g_build_filename(dir, name, NULL);
		struct tfm_catalog *cat;
		g_autoptr(GError) err = NULL;
		int ret = tfm_catalog_load_file(path, &cat, &err);

		if (g_str_has_prefix(name, "valid-")) {
			assert_int_equal(ret, 0);
			assert_true(cat->nr_events > 0 ||
				    strstr(name, "no-events"));
			valid++;
		} else {
			assert_int_equal(ret, -EINVAL);
			assert_true(g_str_has_prefix(err->message, path));
			invalid++;
		}
		tfm_catalog_free(cat);
	}
	assert_true(valid >= 3 && invalid >= 5);
}

static gpointer fields_thread(gpointer data)
{
	struct tfm_catalog *cat = data;

	for (size_t i = 0; i < cat->nr_events; i++)
		tfm_event_fields(&cat->events[i]);
	return (gpointer)tfm_event_fields(&cat->events[cat->nr_events / 2]);
}

static void test_fields_threads(void **state)
{
	struct tfm_catalog *cat;
	GThread *t[4];
	gpointer r[4];

	assert_int_equal(tfm_catalog_load_default(&cat), 0);
	for (int i = 0; i < 4; i++)
		t[i] = g_thread_new("f", fields_thread, cat);
	for (int i = 0; i < 4; i++)
		r[i] = g_thread_join(t[i]);
	for (int i = 1; i < 4; i++)
		assert_ptr_equal(r[i], r[0]);
	tfm_catalog_free(cat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_counts),
		cmocka_unit_test(test_ids_unique),
		cmocka_unit_test(test_sched_switch),
		cmocka_unit_test(test_sched_switch_fields),
		cmocka_unit_test(test_ftrace_events),
		cmocka_unit_test(test_files_match_layout),
		cmocka_unit_test(test_all_formats_parse),
		cmocka_unit_test(test_registration_order),
		cmocka_unit_test(test_field_kinds),
		cmocka_unit_test(test_format_parse_lines),
		cmocka_unit_test(test_loader_errors),
		cmocka_unit_test(test_load_valid_small),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_capture_lookup),
		cmocka_unit_test(test_release_pages),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_fields_threads),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

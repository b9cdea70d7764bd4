// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-stress.c - spec/kernfs.md §3 and §12: four threads look up, open,
 * read, list and forget while one thread creates and removes subtrees
 * (plain and template).  Runs ~3 s (~0.5 s under valgrind).  Afterwards
 * the accounting is back at its baseline; sanitizers/valgrind must be
 * quiet.  Reads either succeed with the exact text or fail ENODEV.
 */
#include "kfs-test.h"

#define NR_READERS 4
#define NR_SUBTREES 4

static struct kernfs_root *root;
static atomic_bool stop;
static atomic_long reads_ok, reads_gone, lookups_ok;
static atomic_int failures, first_failure_line;

/* cmocka's assertions must not run on worker threads: count instead. */
#define CHECK(cond) do {						\
	if (!(cond)) {							\
		int __zero = 0;						\
		failures++;						\
		atomic_compare_exchange_strong(&first_failure_line,	\
					       &__zero, __LINE__);	\
	}								\
} while (0)

static int name_show(struct seq_file *sf, void *v)
{
	struct kernfs_open_file *of = sf->private;

	seq_printf(sf, "%s\n", of->kn->name);
	return 0;
}

static const struct kernfs_ops ops = { .seq_show = name_show };

static int tmpl_cb(struct kernfs_node *dir, const char *name, umode_t *mode,
		   const struct kernfs_ops **o, void **priv)
{
	*mode = 0444;
	*o = &ops;
	return 1;
}

static const struct kernfs_template_entry tmpl_entries[] = {
	{ "enable", tmpl_cb }, { "format", tmpl_cb },
};
static const struct kernfs_template tmpl = {
	.entries = tmpl_entries, .nr_entries = 2,
};

static void build(struct kernfs_node *parent, int i)
{
	char name[16];
	struct kernfs_node *d, *s;

	snprintf(name, sizeof(name), "t%d", i);
	d = kernfs_create_dir(parent, name, 0755, NULL);
	if (IS_ERR(d))
		return;
	s = kernfs_create_dir(d, "sub", 0755, NULL);
	if (!IS_ERR(s)) {
		kernfs_create_file(s, "a", 0444, 0, &ops, NULL);
		kernfs_create_file(s, "b", 0444, 0, &ops, NULL);
	}
	kernfs_create_file(d, "f", 0444, 0, &ops, NULL);
	kernfs_create_template_dir(d, "ev", 0755, 0, 0, &tmpl, NULL);
}

static void *churner(void *arg)
{
	struct kernfs_node *rn = kernfs_root_to_node(root);
	unsigned int seed = 1;

	while (!stop) {
		int i = (int)(rand_r(&seed) % NR_SUBTREES);
		char name[16];

		snprintf(name, sizeof(name), "t%d", i);
		if (kernfs_remove_by_name(rn, name) == -ENOENT)
			build(rn, i);
	}
	return NULL;
}

static void try_read(struct kernfs_inode *ino, const char *name)
{
	struct kernfs_vfs_file *f = NULL;
	char buf[64];
	ssize_t n;
	int ret = kernfs_vfs_open(ino, O_RDONLY, &kt_root, &f);

	if (ret) {
		CHECK(ret == -ENODEV);
		return;
	}
	n = kernfs_vfs_read(f, buf, sizeof(buf), 0, &kt_root);
	if (n == -ENODEV) {
		reads_gone++;
	} else {
		CHECK(n == (ssize_t)strlen(name) + 1);
		CHECK(n > 0 && !memcmp(buf, name, strlen(name)));
		reads_ok++;
	}
	kernfs_vfs_poll(f, NULL);
	kernfs_vfs_release(f);
}

static void *reader(void *arg)
{
	static const char *const paths[][4] = {
		{ "sub", "a", NULL }, { "sub", "b", NULL }, { "f", NULL },
		{ "ev", "enable", NULL }, { "ev", "format", NULL },
	};
	unsigned int seed = (unsigned int)(uintptr_t)arg;

	while (!stop) {
		char top[16];
		const char *const *p = paths[rand_r(&seed) % G_N_ELEMENTS(paths)];
		struct kernfs_inode *held[5];
		int depth = 0, ret;
		struct kernfs_inode *cur;

		snprintf(top, sizeof(top), "t%u", rand_r(&seed) % NR_SUBTREES);
		ret = kernfs_vfs_lookup(kernfs_vfs_root(root), top, &kt_root,
					&cur, NULL);
		if (ret) {
			CHECK(ret == -ENOENT);
			continue;
		}
		held[depth++] = cur;
		if (rand_r(&seed) % 4 == 0) {
			struct kernfs_vfs_dir *d;
			struct kt_dirlist l;

			if (!kernfs_vfs_opendir(cur, &kt_root, &d)) {
				kt_dirlist_init(&l, 0);
				kernfs_vfs_readdir(d, 0, kt_filldir, &l);
				kt_dirlist_free(&l);
				kernfs_vfs_releasedir(d);
			}
		}
		for (; *p; p++) {
			struct kernfs_inode *next;

			ret = kernfs_vfs_lookup(cur, *p, &kt_root, &next, NULL);
			if (ret) {
				CHECK(ret == -ENOENT);
				break;
			}
			held[depth++] = next;
			cur = next;
		}
		if (!*p) {
			lookups_ok++;
			try_read(cur, p[-1]);
		}
		while (depth > 0)
			kernfs_vfs_forget(held[--depth], 1);
	}
	return NULL;
}

static void test_stress(void **state)
{
	struct kernfs_root_stats s0, s1;
	pthread_t readers[NR_READERS], ch;
	double secs = kt_under_valgrind() ? 0.5 : 3.0;

	root = kernfs_create_root(NULL, 0, NULL);
	s0 = kt_stats(root);
	pthread_create(&ch, NULL, churner, NULL);
	for (int i = 0; i < NR_READERS; i++)
		pthread_create(&readers[i], NULL, reader,
			       (void *)(uintptr_t)(i + 7));
	kt_msleep((unsigned int)(secs * 1000));
	stop = true;
	for (int i = 0; i < NR_READERS; i++)
		pthread_join(readers[i], NULL);
	pthread_join(ch, NULL);
	for (int i = 0; i < NR_SUBTREES; i++) {
		char name[16];

		snprintf(name, sizeof(name), "t%d", i);
		kernfs_remove_by_name(kernfs_root_to_node(root), name);
	}
	assert_int_equal(failures, 0);
	assert_int_equal(first_failure_line, 0);
	s1 = kt_stats(root);
	assert_int_equal(s1.nr_dirs, s0.nr_dirs);
	assert_int_equal(s1.nr_files, s0.nr_files);
	assert_int_equal(s1.nr_tmpl_children, 0);
	assert_int_equal(s1.nr_inodes, s0.nr_inodes);
	assert_int_equal(s1.nr_open_files, 0);
	assert_int_equal(s1.bytes, s0.bytes);
	assert_true(lookups_ok > 0);
	print_message("# lookups %ld reads ok %ld gone %ld\n", (long)lookups_ok,
		      (long)reads_ok, (long)reads_gone);
	kernfs_destroy_root(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stress),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

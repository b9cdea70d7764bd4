// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * test-remove.c - spec/kernfs.md §3.3: removal drains in-flight
 * operations, open files answer ENODEV afterwards, ops->release runs
 * exactly once; kernfs_remove_self(), break/unbreak active protection,
 * kernfs_remove_by_name_ns() and removal-time ENOENT for new children.
 */
#include "kfs-test.h"

#define BIAS KERNFS_TEST_DEACTIVATED_BIAS

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int entered;		/* ops that reached the gate */
static bool open_gate;
static atomic_int releases;
static atomic_int opens;

static void wait_entered(int n)
{
	pthread_mutex_lock(&lock);
	while (entered < n)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
}

static void release_gate(void)
{
	pthread_mutex_lock(&lock);
	open_gate = true;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
}

static int reset(void **state)
{
	entered = 0;
	open_gate = false;
	releases = 0;
	opens = 0;
	return 0;
}

static ssize_t gated_read(struct kernfs_open_file *of, char *buf, size_t n,
			  loff_t off)
{
	pthread_mutex_lock(&lock);
	entered++;
	pthread_cond_broadcast(&cond);
	while (!open_gate)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	memcpy(buf, "abcde", MIN(n, 5));
	return (ssize_t)MIN(n, 5);
}

static int count_open(struct kernfs_open_file *of)
{
	opens++;
	return 0;
}

static void count_release(struct kernfs_open_file *of)
{
	releases++;
}

static const struct kernfs_ops gated_ops = {
	.open = count_open,
	.release = count_release,
	.read = gated_read,
};

struct rd {
	struct kernfs_vfs_file *file;
	ssize_t ret;
};

static void *reader(void *arg)
{
	struct rd *r = arg;
	char buf[8];

	r->ret = kernfs_vfs_read(r->file, buf, sizeof(buf), 0, &kt_root);
	return NULL;
}

static atomic_bool removed_done;

static void *remover(void *arg)
{
	kernfs_remove(arg);
	removed_done = true;
	return NULL;
}

/*
 * §3.3: kernfs_remove() waits for a read blocked inside the op; while it
 * waits, new operations fail (ENODEV/ENOENT) and children cannot be
 * added; afterwards reads give ENODEV and release ran exactly once.
 */
static void test_remove_waits_for_reader(void **state)
{
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *rn = kernfs_root_to_node(root);
	struct kernfs_node *d = kt_dir(rn, "d");
	struct kernfs_node *f = kt_file(d, "f", 0444, &gated_ops, NULL);
	struct kernfs_inode *di = kt_lookup(kernfs_vfs_root(root), "d");
	struct kernfs_inode *fi = kt_lookup(di, "f"), *x = NULL;
	struct rd r = { kt_open(fi, O_RDONLY), 0 };
	struct kernfs_vfs_file *other = kt_open(fi, O_RDONLY);
	pthread_t tr, tm;
	char buf[8];

	removed_done = false;
	pthread_create(&tr, NULL, reader, &r);
	wait_entered(1);
	pthread_create(&tm, NULL, remover, d);
	/* wait until removal has started (the node is deactivated) */
	while (kernfs_test_active(f) >= 0)
		kt_msleep(1);
	kt_msleep(50);
	assert_false(removed_done);
	assert_int_equal(kernfs_vfs_read(other, buf, sizeof(buf), 0, &kt_root),
			 -ENODEV);
	assert_int_equal(kernfs_vfs_lookup(di, "f", &kt_root, &x, NULL),
			 -ENOENT);
	KT_ERR(kernfs_create_file(d, "new", 0444, 0, &kt_no_ops, NULL), ENOENT);
	assert_null(kernfs_get_active(f));
	assert_int_equal(releases, 0);

	release_gate();
	pthread_join(tr, NULL);
	pthread_join(tm, NULL);
	assert_true(removed_done);
	assert_int_equal(r.ret, 5);
	/* removal released both open files, each once */
	assert_int_equal(releases, 2);
	assert_int_equal(kernfs_vfs_read(r.file, buf, sizeof(buf), 0, &kt_root),
			 -ENODEV);
	kernfs_vfs_release(r.file);
	kernfs_vfs_release(other);
	assert_int_equal(releases, 2);
	assert_int_equal(opens, 2);
	kernfs_vfs_forget(fi, 1);
	kernfs_vfs_forget(di, 1);
	kernfs_destroy_root(root);
}

/* §3.3/§7.1: close before removal: release once, at close. */
static void test_release_once_close_first(void **state)
{
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *f = kt_file(kernfs_root_to_node(root), "f", 0444,
					&gated_ops, NULL);
	struct kernfs_inode *fi = kt_lookup(kernfs_vfs_root(root), "f");
	struct kernfs_vfs_file *file = kt_open(fi, O_RDONLY);

	kernfs_vfs_release(file);
	assert_int_equal(releases, 1);
	kernfs_remove(f);
	assert_int_equal(releases, 1);
	kernfs_vfs_forget(fi, 1);
	kernfs_destroy_root(root);
}

/* §7.1: an open op that fails: no release. */
static int failing_open(struct kernfs_open_file *of)
{
	return -EBUSY;
}

static void test_failed_open_no_release(void **state)
{
	static const struct kernfs_ops ops = { .open = failing_open,
					       .release = count_release };
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *f = kt_file(kernfs_root_to_node(root), "f", 0444,
					&ops, NULL);
	struct kernfs_inode *fi = kt_lookup(kernfs_vfs_root(root), "f");
	struct kernfs_vfs_file *file = NULL;
	struct kernfs_root_stats st;

	assert_int_equal(kernfs_vfs_open(fi, O_RDONLY, &kt_root, &file), -EBUSY);
	st = kt_stats(root);
	assert_int_equal(st.nr_open_files, 0);
	kernfs_remove(f);
	assert_int_equal(releases, 0);
	kernfs_vfs_forget(fi, 1);
	kernfs_destroy_root(root);
}

/* §3.3 step 4: kernfs_remove_self() from inside a write op. */
static int self_ret = -1;

static ssize_t self_write(struct kernfs_open_file *of, char *buf, size_t n,
			  loff_t off)
{
	self_ret = kernfs_remove_self(of->kn);
	return (ssize_t)n;
}

static void test_remove_self(void **state)
{
	static const struct kernfs_ops ops = { .write = self_write,
					       .release = count_release };
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *rn = kernfs_root_to_node(root);
	struct kernfs_node *f = kt_file(rn, "delete", 0200, &ops, NULL);
	struct kernfs_inode *fi = kt_lookup(kernfs_vfs_root(root), "delete");
	struct kernfs_vfs_file *file = kt_open(fi, O_WRONLY);
	struct kernfs_root_stats st;

	assert_int_equal(kernfs_vfs_write(file, "1", 1, 0, &kt_root), 1);
	assert_int_equal(self_ret, 1);
	assert_null(kernfs_find_and_get(rn, "delete"));
	assert_true(f->flags & KERNFS_SUICIDED);
	assert_int_equal(kernfs_test_active(f), BIAS);
	assert_int_equal(kernfs_vfs_write(file, "1", 1, 0, &kt_root), -ENODEV);
	assert_int_equal(releases, 1);
	kernfs_vfs_release(file);
	assert_int_equal(releases, 1);
	kernfs_vfs_forget(fi, 1);
	st = kt_stats(root);
	assert_int_equal(st.nr_files, 0);
	kernfs_destroy_root(root);
}

/*
 * §3.3 step 4: concurrent remove_self callers: exactly one wins; losers
 * return only after the winner's whole operation finished.
 */
#define NR_SELF 4
static atomic_int winners, losers_early;
static atomic_bool winner_done;

static ssize_t race_write(struct kernfs_open_file *of, char *buf, size_t n,
			  loff_t off)
{
	bool won;

	pthread_mutex_lock(&lock);
	entered++;
	pthread_cond_broadcast(&cond);
	while (entered < NR_SELF)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	won = kernfs_remove_self(of->kn);
	if (won) {
		winners++;
		kt_msleep(30);
		winner_done = true;
	} else if (!winner_done) {
		losers_early++;
	}
	return (ssize_t)n;
}

struct wr {
	struct kernfs_vfs_file *file;
	ssize_t ret;
};

static void *writer(void *arg)
{
	struct wr *w = arg;

	w->ret = kernfs_vfs_write(w->file, "x", 1, 0, &kt_root);
	return NULL;
}

static void test_remove_self_race(void **state)
{
	static const struct kernfs_ops ops = { .write = race_write,
					       .release = count_release };
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *rn = kernfs_root_to_node(root);
	struct kernfs_inode *fi;
	struct wr w[NR_SELF];
	pthread_t t[NR_SELF];

	kt_file(rn, "remove", 0200, &ops, NULL);
	fi = kt_lookup(kernfs_vfs_root(root), "remove");
	winners = losers_early = 0;
	winner_done = false;
	for (int i = 0; i < NR_SELF; i++) {
		w[i].file = kt_open(fi, O_WRONLY);
		pthread_create(&t[i], NULL, writer, &w[i]);
	}
	for (int i = 0; i < NR_SELF; i++)
		pthread_join(t[i], NULL);
	assert_int_equal(winners, 1);
	assert_int_equal(losers_early, 0);
	for (int i = 0; i < NR_SELF; i++) {
		assert_int_equal(w[i].ret, 1);
		kernfs_vfs_release(w[i].file);
	}
	assert_int_equal(releases, NR_SELF);
	assert_null(kernfs_find_and_get(rn, "remove"));
	kernfs_vfs_forget(fi, 1);
	kernfs_destroy_root(root);
}

/*
 * §3.3 step 4: with active protection broken, removal completes while
 * the op is still running; unbreak + the op's own put balance to BIAS.
 */
static atomic_bool removed_inside;

static ssize_t break_read(struct kernfs_open_file *of, char *buf, size_t n,
			  loff_t off)
{
	struct kernfs_node *kn = of->kn;
	pthread_t tm;

	kernfs_break_active_protection(kn);
	pthread_create(&tm, NULL, remover, kn);
	pthread_join(tm, NULL);
	removed_inside = removed_done;
	kernfs_unbreak_active_protection(kn);
	buf[0] = 'b';
	return 1;
}

static void test_break_active_protection(void **state)
{
	static const struct kernfs_ops ops = { .read = break_read };
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *rn = kernfs_root_to_node(root);
	struct kernfs_node *f = kt_file(rn, "f", 0444, &ops, NULL);
	struct kernfs_inode *fi = kt_lookup(kernfs_vfs_root(root), "f");
	struct kernfs_vfs_file *file = kt_open(fi, O_RDONLY);
	char c;

	removed_done = removed_inside = false;
	assert_int_equal(kernfs_vfs_read(file, &c, 1, 0, &kt_root), 1);
	assert_true(removed_inside);
	assert_int_equal(kernfs_test_active(f), BIAS);
	assert_null(kernfs_find_and_get(rn, "f"));
	assert_int_equal(kernfs_vfs_read(file, &c, 1, 0, &kt_root), -ENODEV);
	kernfs_vfs_release(file);
	kernfs_vfs_forget(fi, 1);
	kernfs_destroy_root(root);
}

/* §3.3: remove_by_name ENOENT; remove(NULL); double removal is a no-op. */
static void test_remove_by_name(void **state)
{
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *rn = kernfs_root_to_node(root);
	struct kernfs_node *d = kt_dir(rn, "d");
	struct kernfs_node *f = kt_file(d, "f", 0444, NULL, NULL);

	assert_int_equal(kernfs_remove_by_name(rn, "nope"), -ENOENT);
	assert_int_equal(kernfs_remove_by_name(rn, "f"), -ENOENT);
	kernfs_remove(NULL);
	kernfs_get(d);
	kernfs_get(f);
	assert_int_equal(kernfs_remove_by_name(rn, "d"), 0);
	assert_int_equal(kernfs_remove_by_name(rn, "d"), -ENOENT);
	assert_true(f->flags & KERNFS_REMOVING);
	kernfs_remove(d);		/* already unlinked: no-op */
	/* children cannot be added under a removed directory */
	KT_ERR(kernfs_create_dir(d, "x", 0755, NULL), ENOENT);
	KT_ERR(kernfs_create_file(f, "x", 0444, 0, &kt_no_ops, NULL), EINVAL);
	kernfs_put(f);
	kernfs_put(d);
	assert_int_equal(kt_stats(root).nr_dirs, 1);
	assert_int_equal(kt_stats(root).nr_files, 0);
	kernfs_destroy_root(root);
}

/* §1.2/§4: an empty dir refuses children with ENOENT; mode 0555. */
static void test_empty_dir(void **state)
{
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *e = KT_OK(kernfs_create_empty_dir(
				kernfs_root_to_node(root), "empty"));

	assert_int_equal(e->mode, S_IFDIR | 0555);
	assert_true(e->flags & KERNFS_EMPTY_DIR);
	KT_ERR(kernfs_create_dir(e, "x", 0755, NULL), ENOENT);
	KT_ERR(kernfs_create_file(e, "x", 0444, 0, &kt_no_ops, NULL), ENOENT);
	KT_ERR(kernfs_create_link(e, "x", e), ENOENT);
	kernfs_destroy_root(root);
}

/*
 * §3.3: destroying the root with a file open: the file answers ENODEV,
 * release ran once, and close frees what is left (checked by valgrind).
 */
static void test_destroy_root_with_open_file(void **state)
{
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_inode *fi;
	struct kernfs_vfs_file *file;
	char buf[8];

	open_gate = true;
	kt_file(kt_dir(kernfs_root_to_node(root), "d"), "f", 0444, &gated_ops,
		NULL);
	fi = kt_walk(root, "d/f");
	file = kt_open(fi, O_RDONLY);
	assert_int_equal(kernfs_vfs_read(file, buf, sizeof(buf), 0, &kt_root), 5);
	kernfs_destroy_root(root);
	assert_int_equal(releases, 1);
	assert_int_equal(kernfs_vfs_read(file, buf, sizeof(buf), 0, &kt_root),
			 -ENODEV);
	kernfs_vfs_release(file);
	assert_int_equal(releases, 1);
	kernfs_vfs_forget(fi, 1);
}

/* §3.3: the watch's removed callback names inodes that went away. */
static GPtrArray *gone;

static void on_removed(void *data, uint64_t parent, const char *name,
		       uint64_t ino)
{
	g_ptr_array_add(gone, g_strdup_printf("%llu/%s:%llu",
		(unsigned long long)parent, name, (unsigned long long)ino));
}

static void test_removed_watch(void **state)
{
	static const struct kernfs_vfs_watch w = { .removed = on_removed };
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *rn = kernfs_root_to_node(root);
	struct kernfs_node *d = kt_dir(rn, "d");
	struct kernfs_node *f = kt_file(d, "f", 0444, NULL, NULL);
	struct kernfs_inode *fi;
	g_autofree char *want = NULL;

	kt_file(d, "unseen", 0444, NULL, NULL);
	gone = g_ptr_array_new_with_free_func(g_free);
	kernfs_vfs_set_watch(root, &w, NULL);
	fi = kt_walk(root, "d/f");
	want = g_strdup_printf("%llu/f:%llu", (unsigned long long)kernfs_ino(d),
			       (unsigned long long)kernfs_ino(f));
	kernfs_remove(d);
	/* only f has an inode; "unseen" and d (forgotten) are not reported */
	assert_int_equal(gone->len, 1);
	assert_string_equal(gone->pdata[0], want);
	kernfs_vfs_forget(fi, 1);
	kernfs_vfs_set_watch(root, NULL, NULL);
	g_ptr_array_free(gone, TRUE);
	kernfs_destroy_root(root);
}

/* Removing a child changes the listing of a parent the VFS has. */
static GArray *changed_dirs;

static void on_dir_changed(void *data, uint64_t dir_ino)
{
	g_array_append_val(changed_dirs, dir_ino);
}

static void test_removal_changes_listing(void **state)
{
	static const struct kernfs_vfs_watch w = { .dir_changed = on_dir_changed };
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *rn = kernfs_root_to_node(root);
	struct kernfs_node *d = kt_dir(rn, "d");
	struct kernfs_node *e = kt_dir(d, "e");
	struct kernfs_inode *di;

	kt_file(d, "f", 0444, NULL, NULL);
	kt_file(e, "g", 0444, NULL, NULL);
	changed_dirs = g_array_new(FALSE, FALSE, sizeof(uint64_t));
	kernfs_vfs_set_watch(root, &w, NULL);
	di = kt_walk(root, "d");
	/* "f" never had an inode, d has one */
	assert_int_equal(kernfs_remove_by_name(d, "f"), 0);
	assert_int_equal(changed_dirs->len, 1);
	assert_int_equal(g_array_index(changed_dirs, uint64_t, 0), kernfs_ino(d));
	/* e's listing is nobody's: only d is reported */
	g_array_set_size(changed_dirs, 0);
	kernfs_remove(e);
	assert_int_equal(changed_dirs->len, 1);
	assert_int_equal(g_array_index(changed_dirs, uint64_t, 0), kernfs_ino(d));
	kernfs_vfs_forget(di, 1);
	/* d has no inode any more; the root (always has one) is reported */
	g_array_set_size(changed_dirs, 0);
	kernfs_remove(d);
	assert_int_equal(changed_dirs->len, 1);
	assert_int_equal(g_array_index(changed_dirs, uint64_t, 0), kernfs_ino(rn));
	kernfs_vfs_set_watch(root, NULL, NULL);
	g_array_free(changed_dirs, TRUE);
	kernfs_destroy_root(root);
}

/*
 * kernfs-emu extension (kernfs_ops.orphan_ok): an open file of a removed
 * node keeps answering from data its op owns (tracefs' `id` after rmdir),
 * while an ordinary file answers -ENODEV (spec/kernfs.md §3.3).
 */
static int orphan_show(struct seq_file *sf, void *v)
{
	struct kernfs_open_file *of = sf->private;

	seq_printf(sf, "%lu\n", (unsigned long)(uintptr_t)of->priv);
	return 0;
}

static int orphan_open(struct kernfs_open_file *of)
{
	of->priv = of->kn->priv;	/* the number itself, pinned by the file */
	return 0;
}

static void test_orphan_ok(void **state)
{
	static const struct kernfs_ops keep_ops = {
		.open = orphan_open, .seq_show = orphan_show, .orphan_ok = true };
	static const struct kernfs_ops plain_ops = {
		.open = orphan_open, .seq_show = orphan_show };
	struct kernfs_root *root = kernfs_create_root(NULL, 0, NULL);
	struct kernfs_node *d = kt_dir(kernfs_root_to_node(root), "ev");
	struct kernfs_vfs_file *keep, *plain;
	struct kernfs_inode *ki, *pi;
	char buf[16];

	kt_file(d, "id", 0444, &keep_ops, (void *)(uintptr_t)372);
	kt_file(d, "format", 0444, &plain_ops, (void *)(uintptr_t)1);
	ki = kt_walk(root, "ev/id");
	pi = kt_walk(root, "ev/format");
	keep = kt_open(ki, O_RDONLY);
	plain = kt_open(pi, O_RDONLY);
	kernfs_remove(d);
	assert_int_equal(kernfs_vfs_read(keep, buf, sizeof(buf), 0, &kt_root), 4);
	assert_memory_equal(buf, "372\n", 4);
	assert_int_equal(kernfs_vfs_read(plain, buf, sizeof(buf), 0, &kt_root),
			 -ENODEV);
	/* a new open still fails: only files already open survive */
	{
		struct kernfs_vfs_file *again;

		assert_int_equal(kernfs_vfs_open(ki, O_RDONLY, &kt_root, &again),
				 -ENODEV);
	}
	kernfs_vfs_release(keep);
	kernfs_vfs_release(plain);
	kernfs_vfs_forget(ki, 1);
	kernfs_vfs_forget(pi, 1);
	kernfs_destroy_root(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_remove_waits_for_reader, reset),
		cmocka_unit_test_setup(test_release_once_close_first, reset),
		cmocka_unit_test_setup(test_failed_open_no_release, reset),
		cmocka_unit_test_setup(test_remove_self, reset),
		cmocka_unit_test_setup(test_remove_self_race, reset),
		cmocka_unit_test_setup(test_break_active_protection, reset),
		cmocka_unit_test_setup(test_remove_by_name, reset),
		cmocka_unit_test_setup(test_empty_dir, reset),
		cmocka_unit_test_setup(test_destroy_root_with_open_file, reset),
		cmocka_unit_test_setup(test_removed_watch, reset),
		cmocka_unit_test_setup(test_removal_changes_listing, reset),
		cmocka_unit_test_setup(test_orphan_ok, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

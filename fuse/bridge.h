/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bridge.h - serve a kernfs-emu hierarchy through libfuse3's low-level API.
 *
 * The bridge maps every FUSE request onto kernfs-emu's VFS face
 * (<kernfs-emu/vfs.h>) and knows nothing about what the hierarchy models.
 * FUSE node ids are kernfs inode numbers, generations are kernfs
 * generations, lookup counts are the VFS face's inode counts.  The kernel
 * may cache names and attributes for a long time (entry/attr timeouts,
 * 3600 s by default): the bridge keeps it coherent by pushing removals,
 * renames and attribute changes to it (fuse_lowlevel_notify_*) from a
 * dedicated notifier thread.
 *
 * Typical use (see kernfs-demo.c):
 *
 *	struct kfe_bridge_opts opts;
 *	char *mnt = NULL;
 *	kfe_bridge_opts_init(&opts);
 *	if (kfe_bridge_parse_cmdline(&args, &opts, &mnt) != KFE_CMDLINE_RUN) ...
 *	br = kfe_bridge_new(root, &opts);
 *	if (kfe_bridge_mount(br, &args, mnt) < 0)
 *		fprintf(stderr, "prog: %s\n", kfe_bridge_errmsg(br));
 *	else
 *		kfe_bridge_run(br);
 *	kfe_bridge_free(br);
 */
#ifndef KFE_BRIDGE_H
#define KFE_BRIDGE_H

#ifndef FUSE_USE_VERSION
#define FUSE_USE_VERSION 314
#endif

#include <stdbool.h>
#include <stdint.h>
#include <fuse_lowlevel.h>
#include <kernfs-emu/kernfs.h>

#ifdef __cplusplus
extern "C" {
#endif

struct kfe_bridge;

/*
 * struct kfe_bridge_opts - how the bridge serves the hierarchy.
 * @entry_timeout:	seconds the kernel may cache a name (default 3600)
 * @attr_timeout:	seconds the kernel may cache attributes (default 3600)
 * @single_thread:	serve requests from one thread (fuse_session_loop)
 * @foreground:		do not daemonize in kfe_bridge_run()
 * @debug:		libfuse's request trace on stderr (implies foreground
 *			when set by kfe_bridge_parse_cmdline())
 * @allow_nonempty:	mount over a directory that is not empty
 * @clone_fd:		one /dev/fuse descriptor per worker thread
 * @max_threads:	upper bound of worker threads, 0 for libfuse's default
 * @max_idle_threads:	idle worker threads kept, < 0 to leave libfuse's
 *			default alone (libfuse 3.14.0 warns when it is set
 *			to its own "unset" value)
 * @groups_cache_ms:	how long the supplementary groups read for a pid are
 *			reused (reading them costs a /proc read); 0 reads
 *			them for every request
 * @dir_cache:		let the kernel keep directory listings (no OPENDIR
 *			or RELEASEDIR requests, readdir only to fill its
 *			cache); every listing change kernfs-emu reports drops
 *			the cached listing (default on)
 * @readdirplus_auto:	READDIRPLUS only for the first listing request of a
 *			directory (libfuse's default); off: for every one,
 *			so that a walk needs no LOOKUP
 * @plus_files:		READDIRPLUS replies look up files too, not only
 *			subdirectories: a stat walk then needs no LOOKUP, but
 *			every listing creates an inode per file (default off,
 *			as eventfs creates none)
 */
struct kfe_bridge_opts {
	double entry_timeout;
	double attr_timeout;
	bool single_thread;
	bool foreground;
	bool debug;
	bool allow_nonempty;
	bool clone_fd;
	unsigned int max_threads;
	int max_idle_threads;
	unsigned int groups_cache_ms;
	bool dir_cache;
	bool readdirplus_auto;
	bool plus_files;
};

/*
 * struct kfe_bridge_stats - what the bridge did, for checks and benchmarks.
 * @lookups:		lookup counts handed to the kernel (lookup, mkdir,
 *			readdirplus)
 * @forgets:		lookup counts the kernel gave back (forget)
 * @held_at_destroy:	lookup counts the kernel still held at unmount; the
 *			bridge dropped them itself, as unmount implies
 * @inodes_at_destroy:	inodes those counts were on
 * @count_errors:	inconsistencies seen: forgets for unknown inodes or
 *			beyond the count, and at destroy a difference between
 *			the counts kernfs-emu still held and @lookups less
 *			@forgets, or inodes left in kernfs-emu
 * @notes_sent:		invalidations and poll wake-ups sent to the kernel
 * @notes_failed:	of those, the ones the kernel refused (usually
 *			-ENOENT: nothing cached, which is fine)
 * @destroyed:		the session ended and the counts above are final
 */
struct kfe_bridge_stats {
	uint64_t lookups;
	uint64_t forgets;
	uint64_t held_at_destroy;
	uint64_t inodes_at_destroy;
	uint64_t count_errors;
	uint64_t notes_sent;
	uint64_t notes_failed;
	bool destroyed;
};

/**
 * kfe_bridge_opts_init - fill @opts with the defaults
 * @opts: options to initialise
 *
 * Timeouts 3600 s, multithreaded, daemonizing, no debug, empty mountpoint
 * required, groups cached for 1000 ms, directory listings cached.
 */
void kfe_bridge_opts_init(struct kfe_bridge_opts *opts);

/* Results of kfe_bridge_parse_cmdline(). */
enum kfe_cmdline_result {
	KFE_CMDLINE_RUN = 0,	/* mount and serve */
	KFE_CMDLINE_HELP = 1,	/* -h/--help: print usage and exit 0 */
	KFE_CMDLINE_VERSION = 2, /* -V/--version: print versions, exit 0 */
};

/**
 * kfe_bridge_parse_cmdline - parse the usual FUSE command line
 * @args: arguments; recognised ones are removed, the rest (-o options for
 *	  libfuse) stay for kfe_bridge_mount()
 * @opts: receives -f, -d, -s, -o clone_fd, -o max_threads=N,
 *	  -o max_idle_threads=N, and the bridge's own -o entry_timeout=S,
 *	  -o attr_timeout=S, -o timeout=S (both), -o nonempty,
 *	  -o groups_cache_ms=N, -o no_dir_cache, -o plus_files,
 *	  -o readdirplus=auto (also left for libfuse)
 * @mountpoint: receives the single non-option argument (g_free() it), or
 *	  NULL when there is none; kfe_bridge_mount() reports that
 *
 * libfuse prints its own message for malformed options.
 * Return: a &enum kfe_cmdline_result, or -EINVAL (bad option or more than
 * one non-option argument).
 */
int kfe_bridge_parse_cmdline(struct fuse_args *args,
			     struct kfe_bridge_opts *opts, char **mountpoint);

/**
 * kfe_bridge_help - Return: the help text of the bridge's own options
 * (one option per line), to print after fuse_cmdline_help().
 */
const char *kfe_bridge_help(void);

/**
 * kfe_bridge_new - create a bridge serving @root
 * @root: the hierarchy; must outlive the bridge
 * @opts: options (copied), NULL for the defaults
 *
 * Return: the bridge (never NULL: allocation failure aborts, as glib does).
 */
struct kfe_bridge *kfe_bridge_new(struct kernfs_root *root,
				  const struct kfe_bridge_opts *opts);

/**
 * kfe_bridge_mount - create the FUSE session and mount it
 * @br: the bridge
 * @args: libfuse options left by kfe_bridge_parse_cmdline() (argv[0]
 *	  first), or NULL; "-o default_permissions" is always added so the
 *	  kernel enforces the modes kernfs reports
 * @mountpoint: the directory to mount on
 *
 * Checks first what commonly goes wrong and explains it in one line (see
 * kfe_bridge_errmsg()): no mountpoint given, it does not exist, is not a
 * directory, is not empty, is a stale FUSE mount; /dev/fuse missing or
 * not accessible.
 * Return: 0, or a negative errno with the message set.
 */
int kfe_bridge_mount(struct kfe_bridge *br, struct fuse_args *args,
		     const char *mountpoint);

/**
 * kfe_bridge_errmsg - Return: the one-line explanation of the last failure
 * of kfe_bridge_mount() or kfe_bridge_run(), "" when there was none.
 */
const char *kfe_bridge_errmsg(const struct kfe_bridge *br);

/**
 * kfe_bridge_run - serve the mounted filesystem until it is unmounted
 * @br: a mounted bridge
 *
 * Daemonizes unless @foreground, installs SIGINT/SIGTERM/SIGHUP handlers
 * that unmount cleanly, starts the notifier thread, serves requests
 * (multithreaded unless @single_thread), then unmounts and ends the
 * session.  Every lookup count the kernel still held is dropped then, and
 * the statistics become final.
 * Return: 0 when the filesystem was unmounted or a signal ended it, a
 * negative errno otherwise.
 */
int kfe_bridge_run(struct kfe_bridge *br);

/**
 * kfe_bridge_get_stats - copy the bridge's counters into @st
 */
void kfe_bridge_get_stats(struct kfe_bridge *br, struct kfe_bridge_stats *st);

/**
 * kfe_bridge_counts_balanced - check the lookup accounting after the end
 * of the session
 *
 * Return: true when the session has ended, no inconsistency was seen, and
 * kernfs-emu holds no more inodes than before the bridge was created.
 */
bool kfe_bridge_counts_balanced(struct kfe_bridge *br);

/**
 * kfe_bridge_counts_report - the lookup accounting in one line
 * @balanced: if not NULL, receives kfe_bridge_counts_balanced()
 *
 * Return: "lookup counts balanced: N given, ..." (g_free() it), for a
 * program to print at unmount.
 */
char *kfe_bridge_counts_report(struct kfe_bridge *br, bool *balanced);

/**
 * kfe_bridge_flush_notes - wait until the kernel was told of every change
 *
 * Changes made to the hierarchy by the provider (not through a FUSE
 * request, e.g. from a control channel) reach the kernel's caches through
 * the notifier thread.  When this returns, every invalidation queued
 * before the call was sent, so that a client told "done" afterwards sees
 * the new state.  Returns at once when the session is not running.  Must
 * not be called from a FUSE request that the kernel serves with a
 * directory lock held that an invalidation needs (rmdir, mkdir, rename).
 */
void kfe_bridge_flush_notes(struct kfe_bridge *br);

/**
 * kfe_bridge_signal_pending - the bridge's answer to signal_pending()
 *
 * For provider code that blocks (a pipe-like read): true when the FUSE
 * request served by the calling thread was interrupted (the reader got a
 * signal) or the session is ending.  Such code should wait in short slices
 * and return -EINTR when this becomes true.  False on threads that are not
 * serving a request.
 */
bool kfe_bridge_signal_pending(void);

/**
 * kfe_bridge_free - unmount if still mounted, end the session, free @br
 * @br: the bridge; NULL is ignored
 */
void kfe_bridge_free(struct kfe_bridge *br);

#ifdef __cplusplus
}
#endif

#endif /* KFE_BRIDGE_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * model.h - tracefs-model: the tracefs + eventfs of Linux 6.18, built on
 * kernfs-emu.
 *
 * A model is one tracefs superblock: a kernfs root holding the top-level
 * trace array (files, options/, per_cpu/, events/), instances/ with one
 * trace array per mkdir, and all of their state.  The VFS face of
 * kernfs-emu (kernfs-emu/vfs.h) on tfm_model_root() is how users reach
 * it: the FUSE bridge, or tests calling it directly.
 *
 * Dynamic (uprobe) events are defined and removed by writing to the
 * top-level uprobe_events and dynamic_events files (dynamic-events.md);
 * nothing is attached to a real process, enabling records state only.
 * Relative probe paths resolve against the writer's cwd
 * (/proc/<caller pid>/cwd when readable, else the model's own cwd).
 *
 * Errors are negative errno values.  All functions are thread-safe unless
 * noted.
 */
#ifndef TRACEFS_MODEL_MODEL_H
#define TRACEFS_MODEL_MODEL_H

#include <stddef.h>
#include <sys/types.h>

#include <kernfs-emu/kernfs.h>

#ifdef __cplusplus
extern "C" {
#endif

struct tfm_model;
struct tfm_catalog;

/*
 * How events/ is built.
 * @TFM_DESIGN_TEMPLATE: eventfs' design: system and event directories are
 *	kernfs-emu template directories (one static entry array per kind of
 *	directory); nothing is allocated for an unvisited event.
 * @TFM_DESIGN_NODES: one plain kernfs node per directory and file, built
 *	eagerly (what a straight kernfs port would do).
 * Both produce the same tree and the same behaviour.
 */
enum tfm_design {
	TFM_DESIGN_TEMPLATE = 0,
	TFM_DESIGN_NODES = 1,
};

/*
 * struct tfm_model_opts - how to build a model (zero-initialise, or use
 * tfm_model_opts_init()).
 * @catalog:	the static events; borrowed, must outlive the model.  NULL:
 *		load @catalog_path, or the embedded Linux 6.18 catalog
 * @catalog_path: a catalog file (doc/catalog-format.md), used when
 *		@catalog is NULL; NULL: the embedded default
 * @nr_cpus:	CPUs of per_cpu/ and the ring buffers (1..64); 0: the
 *		host's configured CPU count (capped at 64)
 * @design:	see enum tfm_design
 * @mount_options: the initial mount's option string ("uid=N,gid=N,mode=O");
 *		NULL or "" for none.  Bad options fail tfm_model_new()
 *		with -EINVAL
 */
struct tfm_model_opts {
	const struct tfm_catalog *catalog;
	const char *catalog_path;
	unsigned int nr_cpus;
	enum tfm_design design;
	const char *mount_options;
};

/*
 * struct tfm_model_stats - memory figures for the benchmarks.
 * @kernfs:	kernfs-emu's exact accounting of the model's root
 * @model_bytes: heap bytes the model itself holds in its own structures
 *		(trace arrays, per-event state, error logs, pid lists), with
 *		malloc's rounding; parser-owned strings (filters, triggers)
 *		and the catalog are not included
 * @catalog_bytes: the catalog's size when the model loaded it itself from
 *		a file (0 for the embedded default, which lives in the
 *		program image, and for a borrowed catalog)
 * @nr_instances: live instances
 * @nr_event_states: events whose per-instance state differs from the
 *		default, summed over all trace arrays
 */
struct tfm_model_stats {
	struct kernfs_root_stats kernfs;
	size_t model_bytes;
	size_t catalog_bytes;
	size_t nr_instances;
	size_t nr_event_states;
};

/**
 * tfm_model_opts_init - fill @opts with the defaults
 * @opts: the options to initialise
 *
 * Embedded catalog, host CPU count, template design, no mount options.
 */
KERNFS_EXPORT void tfm_model_opts_init(struct tfm_model_opts *opts);

/**
 * tfm_model_new - build a model
 * @opts: options; NULL means the defaults
 * @out: receives the model (free with tfm_model_free())
 *
 * Return: 0; -EINVAL (bad mount options, bad nr_cpus, a catalog file that
 * does not load), -ENOENT (catalog file missing), -ENOMEM.
 */
KERNFS_EXPORT int tfm_model_new(const struct tfm_model_opts *opts,
				struct tfm_model **out);

/**
 * tfm_model_new_msg - tfm_model_new(), explaining a failure
 * @errmsg: on a bad mount option or catalog file, receives one line
 *	    (the kernel's option message, or "<file>:<line>: <problem>");
 *	    g_free() it.  NULL otherwise.
 * Return: as tfm_model_new().
 */
KERNFS_EXPORT int tfm_model_new_msg(const struct tfm_model_opts *opts,
				    struct tfm_model **out, char **errmsg);

/**
 * tfm_model_free - destroy a model; NULL is ignored
 * @m: the model
 *
 * Every open file must have been released through the VFS face before.
 */
KERNFS_EXPORT void tfm_model_free(struct tfm_model *m);

/**
 * tfm_model_root - the kernfs root to serve through the VFS face
 * @m: the model
 *
 * Return: the root; it lives as long as @m.
 */
KERNFS_EXPORT struct kernfs_root *tfm_model_root(struct tfm_model *m);

/**
 * tfm_model_remount - apply a later mount's or a remount's options
 * @m: the model
 * @opts: "uid=N,gid=N,mode=O" in any combination; NULL or "" for none
 * @errmsg: if not NULL, receives the kernel's log message on error
 *	    (e.g. "Bad value for 'mode'"; g_free() it)
 *
 * As tracefs on 6.18 reconfigures its single superblock: mode= changes
 * only the root directory's mode; uid=/gid= give the root the new owner
 * and reset every node, including eventfs entries nobody has looked up,
 * to it (explicit chowns of the given id are forgotten, chmods survive).
 * A remount giving only uid= keeps every gid as it was, and vice versa
 * (except, in the template design, gids chowned inside events/ and the
 * events/ trees' default gid, which kernfs-emu cannot keep apart yet).
 * The option set shown by tfm_model_show_options() becomes the one given.
 *
 * Return: 0, or -EINVAL with nothing changed.
 */
KERNFS_EXPORT int tfm_model_remount(struct tfm_model *m, const char *opts,
				    char **errmsg);

/**
 * tfm_model_show_options - the tracefs part of the /proc/mounts options
 * @m: the model
 *
 * Return: e.g. ",uid=1000,gid=1000" or "" (g_free()/free()), NULL on ENOMEM.
 */
KERNFS_EXPORT char *tfm_model_show_options(struct tfm_model *m);

/**
 * tfm_model_nr_cpus - Return: the number of CPUs the model simulates.
 * @m: the model
 */
KERNFS_EXPORT unsigned int tfm_model_nr_cpus(const struct tfm_model *m);

/**
 * tfm_model_design - Return: the events/ design @m was built with.
 * @m: the model
 */
KERNFS_EXPORT enum tfm_design tfm_model_design(const struct tfm_model *m);

/**
 * tfm_model_stats - read memory figures
 * @m: the model
 * @st: filled in
 */
KERNFS_EXPORT void tfm_model_stats(struct tfm_model *m,
				   struct tfm_model_stats *st);

#ifdef __cplusplus
}
#endif

#endif /* TRACEFS_MODEL_MODEL_H */

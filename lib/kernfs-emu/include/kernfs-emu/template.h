/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * template.h - template directories: eventfs done inside kernfs.
 *
 * kernfs-emu extension, not in the kernel's kernfs; a tracefs port would
 * add it.  A template directory is one node whose children are described,
 * not allocated: one static struct kernfs_template, shared by every
 * directory of its kind, lists the files (an array of name + callback) and
 * optionally enumerates subdirectories (from the provider's own data, e.g.
 * an event catalog).  A child costs no memory until it is looked up,
 * listed by the VFS, or opened; it is then materialised as an ordinary
 * kernfs_node (flag KERNFS_TMPL_CHILD) and freed again as soon as nothing
 * holds it (no inode, open file, active or plain reference).
 *
 * Ownership inside a template directory follows eventfs: each child reports
 * the owner the template root was created with (not the dynamic owner of
 * kernfs_set_owner_source()); chmod/chown of a child is saved in a sparse
 * table of the nearest explicitly created template directory, survives the
 * child's eviction, and costs memory only for changed children.
 *
 * Files of template directories all report the inode number
 * KERNFS_TEMPLATE_FILE_INO in stat and readdir, as eventfs files share one
 * (their identity for a VFS is still the node's own number, see vfs.h);
 * directories have numbers of their own, assigned when they are
 * materialised, so an unvisited directory's number in readdir may differ
 * from the one a later lookup assigns.
 *
 * readdir of a template directory lists the files in array order, then the
 * enumerated subdirectories in enumeration order, then explicitly created
 * children in creation order (spec tracefs.md §5.5).  Its positions are
 * indexes, as in eventfs, not name hashes.  Template directories report
 * nlink 1, as eventfs directories do.
 */
#ifndef KERNFS_EMU_TEMPLATE_H
#define KERNFS_EMU_TEMPLATE_H

#include <kernfs-emu/kernfs.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The st_ino every template file reports (eventfs' number on 6.18). */
#define KERNFS_TEMPLATE_FILE_INO 0x12c4e37

/*
 * struct kernfs_template_entry - one file of a template directory.
 * @name:	the file name (static storage)
 * @callback:	called with an active reference on @dir and no lock held,
 *		when the file is looked up or listed.  Return > 0 when the
 *		file exists in @dir, after setting *@mode (permission bits),
 *		*@ops and optionally *@priv (preset to @dir->priv); return
 *		<= 0 to hide it.  It must not create or remove nodes.
 */
struct kernfs_template_entry {
	const char *name;
	int (*callback)(struct kernfs_node *dir, const char *name,
			umode_t *mode, const struct kernfs_ops **ops,
			void **priv);
};

/*
 * struct kernfs_template_subdir - one enumerated subdirectory.
 * @name:	its name; must stay valid while the provider lists it
 * @mode:	permission bits
 * @tmpl:	its own template (NULL: a template with no entries)
 * @priv:	becomes the materialised directory's priv
 */
struct kernfs_template_subdir {
	const char *name;
	umode_t mode;
	const struct kernfs_template *tmpl;
	void *priv;
};

/*
 * struct kernfs_template - the shared, static description of a kind of
 * directory.
 * @entries:	the files, in readdir order
 * @nr_entries:	number of @entries
 * @dir_iter:	optional: fill @out with the @idx-th subdirectory of @dir
 *		and return 0, or return -ENOENT past the last one.  Called
 *		with an active reference on @dir and no lock held.
 * @dir_lookup:	optional (required with @dir_iter): fill @out for the
 *		subdirectory called @name and return 0, or -ENOENT.
 */
struct kernfs_template {
	const struct kernfs_template_entry *entries;
	size_t nr_entries;
	int (*dir_iter)(struct kernfs_node *dir, size_t idx,
			struct kernfs_template_subdir *out);
	int (*dir_lookup)(struct kernfs_node *dir, const char *name,
			  struct kernfs_template_subdir *out);
};

/**
 * kernfs_create_template_dir - create a template directory
 * @parent: parent directory (plain or template)
 * @name: name (copied)
 * @mode: permission bits of the directory itself
 * @uid: its owner, and the default owner of everything below it
 * @gid: its group, and the default group of everything below it
 * @tmpl: the shared description (must outlive the directory)
 * @priv: the directory's priv, passed to the callbacks
 *
 * kernfs-emu extension.  Return: the node, or an ERR_PTR as
 * kernfs_create_dir_ns().
 */
KERNFS_EXPORT struct kernfs_node *
kernfs_create_template_dir(struct kernfs_node *parent, const char *name,
			   umode_t mode, kuid_t uid, kgid_t gid,
			   const struct kernfs_template *tmpl, void *priv);

/**
 * kernfs_template_invalidate - the provider removed a described child
 * @dir: an explicitly created template directory
 * @relpath: '/'-separated path below @dir of the child that went away
 *	     (e.g. "uprobes/myprobe")
 *
 * kernfs-emu extension.  Must be called after the provider stopped listing
 * the child.  Materialised nodes at and below @relpath are removed as by
 * kernfs_remove() (open files answer -ENODEV from then on), and attributes
 * saved for them are forgotten, so a new child of the same name starts
 * from its defaults.  The watch's @dir_changed is called for the parent
 * directory when it has an inode, even if the child was never
 * materialised.
 */
KERNFS_EXPORT void kernfs_template_invalidate(struct kernfs_node *dir,
					      const char *relpath);

/**
 * kernfs_template_changed - the provider lists a new child
 * @dir: an explicitly created template directory
 * @relpath: '/'-separated path below @dir of the directory whose listing
 *	     gained an entry ("" for @dir itself)
 *
 * kernfs-emu extension.  Must be called after the provider started listing
 * the child.  When that directory is materialised, its times are updated
 * and, when it has an inode, the VFS watch's @dir_changed is called so
 * that cached listings are dropped.  Nothing is created.
 */
KERNFS_EXPORT void kernfs_template_changed(struct kernfs_node *dir,
					   const char *relpath);

/**
 * kernfs_template_owner - Return: the default uid (and in @gid the gid)
 * of the template directory @kn or of the template tree @kn is in.
 */
KERNFS_EXPORT kuid_t kernfs_template_owner(struct kernfs_node *kn,
					   kgid_t *gid);

#ifdef __cplusplus
}
#endif

#endif /* KERNFS_EMU_TEMPLATE_H */

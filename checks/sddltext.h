/* Security descriptors as SDDL text (docs/DESIGN.md "Access semantics"):
 * owner, group, a DACL with flags P AI AR and every ACE type of Microsoft's
 * "ACE Strings" page and <sddl.h> (A D OA OD AU AL OU OL XA XD ZA XU ML SP
 * RA TL FL), ACE flags OI CI NP IO ID SA FA, rights as letters or hex,
 * SIDs as aliases or S-1-...; object GUIDs, conditions and resource
 * attributes are kept as written. */
#ifndef CCMWRAP_SDDLTEXT_H
#define CCMWRAP_SDDLTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/base/error.h"
#include "config/base/sid.h"
#include "config/base/text.h"

/* ACE flags, with Windows' values. */
enum {
	ACE_FLAG_OI = 0x01,   /* OBJECT_INHERIT_ACE */
	ACE_FLAG_CI = 0x02,   /* CONTAINER_INHERIT_ACE */
	ACE_FLAG_NP = 0x04,   /* NO_PROPAGATE_INHERIT_ACE */
	ACE_FLAG_IO = 0x08,   /* INHERIT_ONLY_ACE */
	ACE_FLAG_ID = 0x10,   /* INHERITED_ACE */
	ACE_FLAG_SA = 0x40,   /* SUCCESSFUL_ACCESS_ACE_FLAG (audit ACEs) */
	ACE_FLAG_FA = 0x80,   /* FAILED_ACCESS_ACE_FLAG (audit ACEs) */
};

/* DACL flags. */
enum {
	DACL_FLAG_PROTECTED = 0x1,          /* P */
	DACL_FLAG_AUTO_INHERITED = 0x2,     /* AI */
	DACL_FLAG_AUTO_INHERIT_REQ = 0x4,   /* AR */
};

/* Registry access rights. */
#define KEY_ALL_ACCESS_MASK 0xF003Fu
#define KEY_READ_MASK 0x20019u
#define KEY_WRITE_MASK 0x20006u
#define KEY_EXECUTE_MASK 0x20019u
#define GENERIC_ALL_MASK 0x10000000u
#define GENERIC_EXECUTE_MASK 0x20000000u
#define GENERIC_WRITE_MASK 0x40000000u
#define GENERIC_READ_MASK 0x80000000u

/* ACE types by their SDDL names. Only some of them take part in an
 * access check: see checks/acl.h. */
typedef enum ace_type {
	ACE_ALLOW,                   /* A */
	ACE_DENY,                    /* D */
	ACE_ALLOW_OBJECT,            /* OA */
	ACE_DENY_OBJECT,             /* OD */
	ACE_AUDIT,                   /* AU */
	ACE_ALARM,                   /* AL */
	ACE_AUDIT_OBJECT,            /* OU */
	ACE_ALARM_OBJECT,            /* OL */
	ACE_ALLOW_CALLBACK,          /* XA */
	ACE_DENY_CALLBACK,           /* XD */
	ACE_ALLOW_CALLBACK_OBJECT,   /* ZA */
	ACE_AUDIT_CALLBACK,          /* XU */
	ACE_MANDATORY_LABEL,         /* ML */
	ACE_SCOPED_POLICY,           /* SP */
	ACE_RESOURCE_ATTRIBUTE,      /* RA */
	ACE_TRUST_LABEL,             /* TL */
	ACE_ACCESS_FILTER,           /* FL */
} ace_type;

/* "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" and its NUL. */
#define SDDL_GUID_TEXT_MAX 37

typedef struct ace {
	ace_type type;
	uint8_t flags;
	uint32_t mask;               /* as written: generic bits are kept */
	char sid[SID_TEXT_MAX];      /* as config/base/sid.h stores it */
	char object_type[SDDL_GUID_TEXT_MAX];             /* object ACEs; "" when absent */
	char inherited_object_type[SDDL_GUID_TEXT_MAX];   /* object ACEs; "" when absent */
	char *data;   /* the seventh field as written, "(...)": a callback ACE's
	                 condition, RA's attribute; NULL when absent. The
	                 descriptor owns its ACEs' data. */
} ace;

typedef struct security_descriptor {
	char owner[SID_TEXT_MAX];    /* "" when absent */
	char group[SID_TEXT_MAX];    /* "" when absent */
	bool has_dacl;               /* false: no D: part */
	bool dacl_null;              /* "D:NO_ACCESS_CONTROL": everything allowed */
	unsigned dacl_flags;
	ace *aces;
	size_t ace_count;
	size_t ace_capacity;         /* grown by doubling: a descriptor may hold many thousands */
	/* The SACL's text after "S:", kept as written and written back; NULL
	 * when absent. Auditing plays no part in access, so nothing reads it
	 * (docs/DESIGN.md "Access semantics"). */
	char *sacl;
} security_descriptor;

bool sddl_parse(const char *text, security_descriptor *out, error_message *err);
/* Canonical text as Windows' ConvertSecurityDescriptorToStringSecurityDescriptor
 * writes it: aliases for well-known SIDs, letters for rights where Windows
 * uses them (KA KR KW KX ...), hex otherwise; GUIDs, conditions and
 * attributes as they were written (caller frees). */
char *sddl_format(const security_descriptor *sd);
void security_descriptor_free(security_descriptor *sd);
void security_descriptor_copy(security_descriptor *to, const security_descriptor *from);
/* Adds a copy of entry (its data copied too: the caller keeps its own). */
void security_descriptor_add_ace(security_descriptor *sd, const ace *entry);
bool security_descriptor_equal(const security_descriptor *a, const security_descriptor *b);
/* Inserts a copy of entry at position index (0 = first). */
void security_descriptor_insert_ace(security_descriptor *sd, size_t index, const ace *entry);
/* Whether entry is one the caller seeks. */
typedef bool ace_matches(const ace *entry, const void *context);
/* Removes every ACE that matches, in one pass (a descriptor may hold tens
 * of thousands); the others keep their order. */
void security_descriptor_remove_aces(security_descriptor *sd, ace_matches *matches,
                                     const void *context);

/* One ACE, or an access mask alone, as sddl_format writes it. */
void sddl_format_ace(const ace *entry, strbuf *out);
void sddl_format_mask(uint32_t mask, strbuf *out);
/* True when the two SDDL texts parse to equal descriptors (false when
 * either does not parse). */
bool sddl_equal_text(const char *a, const char *b);

#endif

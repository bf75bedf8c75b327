/* The operations every capability has: identify, copy, restrict, delete. */
#include <arroyo/user.h>

int cap_identify(unsigned cap, unsigned *type, unsigned *rights)
{
	struct msg m = { { 0 }, 0 };
	int err = invoke(cap, CAP_OP_IDENTIFY, CAP_NONE, CAP_NONE, 0, &m);

	if (!err && type)
		*type = m.w[0];
	if (!err && rights)
		*rights = m.w[1];
	return err;
}

int cap_copy(unsigned cap, unsigned dst)
{
	struct msg m = { { dst }, 0 };

	return invoke(cap, CAP_OP_COPY, CAP_NONE, CAP_NONE, 0, &m);
}

int cap_restrict(unsigned cap, unsigned dst, unsigned remove_rights)
{
	struct msg m = { { dst, remove_rights }, 0 };

	return invoke(cap, CAP_OP_RESTRICT, CAP_NONE, CAP_NONE, 0, &m);
}

int cap_delete(unsigned cap)
{
	struct msg m = { { 0 }, 0 };

	return invoke(cap, CAP_OP_DELETE, CAP_NONE, CAP_NONE, 0, &m);
}

/* The out-of-line atomics gcc calls on ColdFire, which has no compare-and-swap
 * (only tas.b). The MCF5208 has one core, so masking interrupts around a
 * plain read-modify-write is atomic with respect to everything that can run:
 * IPL 7 holds off every maskable level, and the kernel uses no level-7
 * (non-maskable) source. Names and signatures are gcc's (__sync_* for all
 * sizes, __atomic_* for 8 bytes); the memory-order arguments are ignored
 * because the core executes loads and stores in program order. */
#include <kernel/arch.h>
#include <stdbool.h>

#define ATOMIC_FETCH_OP(op, ty, n, expr)                        \
	ty __sync_fetch_and_##op##_##n(volatile void *p, ty v); \
	ty __sync_fetch_and_##op##_##n(volatile void *p, ty v)  \
	{                                                       \
		volatile ty *a = p;                             \
		unsigned long sr = arch_irq_save();             \
		ty old = *a;                                    \
		*a = (ty)(expr);                                \
		arch_irq_restore(sr);                           \
		return old;                                     \
	}                                                       \
	ty __sync_##op##_and_fetch_##n(volatile void *p, ty v); \
	ty __sync_##op##_and_fetch_##n(volatile void *p, ty v)  \
	{                                                       \
		volatile ty *a = p;                             \
		unsigned long sr = arch_irq_save();             \
		ty old = *a, new = (ty)(expr);                  \
		*a = new;                                       \
		arch_irq_restore(sr);                           \
		return new;                                     \
	}

#define ATOMIC_SIZE(ty, n)                                                        \
	ATOMIC_FETCH_OP(add, ty, n, old + v)                                      \
	ATOMIC_FETCH_OP(sub, ty, n, old - v)                                      \
	ATOMIC_FETCH_OP(and, ty, n, (old & v))                                    \
	ATOMIC_FETCH_OP(or, ty, n, old | v)                                       \
	ATOMIC_FETCH_OP(xor, ty, n, old ^ v)                                      \
	ATOMIC_FETCH_OP(nand, ty, n, ~(old & v))                                  \
	ty __sync_val_compare_and_swap_##n(volatile void *p, ty expect, ty v);    \
	ty __sync_val_compare_and_swap_##n(volatile void *p, ty expect, ty v)     \
	{                                                                         \
		volatile ty *a = p;                                               \
		unsigned long sr = arch_irq_save();                               \
		ty old = *a;                                                      \
		if (old == expect)                                                \
			*a = v;                                                   \
		arch_irq_restore(sr);                                             \
		return old;                                                       \
	}                                                                         \
	bool __sync_bool_compare_and_swap_##n(volatile void *p, ty expect, ty v); \
	bool __sync_bool_compare_and_swap_##n(volatile void *p, ty expect, ty v)  \
	{                                                                         \
		return __sync_val_compare_and_swap_##n(p, expect, v) == expect;   \
	}                                                                         \
	ty __sync_lock_test_and_set_##n(volatile void *p, ty v);                  \
	ty __sync_lock_test_and_set_##n(volatile void *p, ty v)                   \
	{                                                                         \
		volatile ty *a = p;                                               \
		unsigned long sr = arch_irq_save();                               \
		ty old = *a;                                                      \
		*a = v;                                                           \
		arch_irq_restore(sr);                                             \
		return old;                                                       \
	}

ATOMIC_SIZE(unsigned char, 1)
ATOMIC_SIZE(unsigned short, 2)
ATOMIC_SIZE(unsigned int, 4)
ATOMIC_SIZE(unsigned long long, 8)

/* 8-byte values take two bus cycles, so even plain loads and stores need the
 * interrupt mask. */
typedef unsigned long long atomic_u64;

atomic_u64 __atomic_load_8(const volatile void *p, int order);
atomic_u64 __atomic_load_8(const volatile void *p, int order)
{
	const volatile atomic_u64 *a = p;
	unsigned long sr = arch_irq_save();
	atomic_u64 v = *a;

	(void)order;
	arch_irq_restore(sr);
	return v;
}

void __atomic_store_8(volatile void *p, atomic_u64 v, int order);
void __atomic_store_8(volatile void *p, atomic_u64 v, int order)
{
	(void)order;
	__sync_lock_test_and_set_8(p, v);
}

atomic_u64 __atomic_exchange_8(volatile void *p, atomic_u64 v, int order);
atomic_u64 __atomic_exchange_8(volatile void *p, atomic_u64 v, int order)
{
	(void)order;
	return __sync_lock_test_and_set_8(p, v);
}

bool __atomic_compare_exchange_8(volatile void *p, void *expect, atomic_u64 v, bool weak,
				 int success, int failure);
bool __atomic_compare_exchange_8(volatile void *p, void *expect, atomic_u64 v, bool weak,
				 int success, int failure)
{
	atomic_u64 *e = expect, old = __sync_val_compare_and_swap_8(p, *e, v);

	(void)weak;
	(void)success;
	(void)failure;
	if (old == *e)
		return true;
	*e = old;
	return false;
}

#define ATOMIC_FETCH_8(op)                                                             \
	atomic_u64 __atomic_fetch_##op##_8(volatile void *p, atomic_u64 v, int order); \
	atomic_u64 __atomic_fetch_##op##_8(volatile void *p, atomic_u64 v, int order)  \
	{                                                                              \
		(void)order;                                                           \
		return __sync_fetch_and_##op##_8(p, v);                                \
	}                                                                              \
	atomic_u64 __atomic_##op##_fetch_8(volatile void *p, atomic_u64 v, int order); \
	atomic_u64 __atomic_##op##_fetch_8(volatile void *p, atomic_u64 v, int order)  \
	{                                                                              \
		(void)order;                                                           \
		return __sync_##op##_and_fetch_8(p, v);                                \
	}

ATOMIC_FETCH_8(add)
ATOMIC_FETCH_8(sub)
ATOMIC_FETCH_8(and)
ATOMIC_FETCH_8(or)
ATOMIC_FETCH_8(xor)
ATOMIC_FETCH_8(nand)

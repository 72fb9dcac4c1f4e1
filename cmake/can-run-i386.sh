#!/bin/sh
# Exits 0 when this machine runs 32-bit x86 Linux programs, which wine32
# (the loader of PE32 programs) is: a three-instruction exit(0) for i386,
# assembled and linked with the system's binutils, is run. Kernels without
# IA32 emulation and some sandboxes refuse it ("Exec format error").
set -u
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '.globl _start\n_start:\n\tmovl $1, %%eax\n\txorl %%ebx, %%ebx\n\tint $0x80\n' >"$work/exit.s"
as --32 -o "$work/exit.o" "$work/exit.s" 2>/dev/null &&
	ld -m elf_i386 -o "$work/exit" "$work/exit.o" 2>/dev/null &&
	"$work/exit" 2>/dev/null

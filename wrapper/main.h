/* The program once its platform's entry (main-unix.c, main-win.c) has
 * made the process safe to run and its arguments UTF-8. */
#ifndef CCMWRAP_MAIN_H
#define CCMWRAP_MAIN_H

int ccmwrap_main(int argc, char **argv);

#endif

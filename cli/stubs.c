#include "cli.h"
int cmd_test(int argc, char **argv) { (void)argc; (void)argv; return 2; }
int cmd_lint(int argc, char **argv) { (void)argc; (void)argv; return 2; }
int cmd_why(int argc, char **argv) { (void)argc; (void)argv; return 2; }
int cmd_what_if(int argc, char **argv) { (void)argc; (void)argv; return 2; }
int cmd_missing(int argc, char **argv) { (void)argc; (void)argv; return 2; }
int cmd_doc(int argc, char **argv) { (void)argc; (void)argv; return 2; }
int cmd_facts(int argc, char **argv) { (void)argc; (void)argv; return 2; }

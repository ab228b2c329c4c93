/*
 * pam-session: open a real PAM session for a user, the way a display manager's
 * per-session worker does, run a command in it as that user, and close the
 * session when the command ends.
 *
 *   pam-session SERVICE USER [ITEM=VALUE ...] -- CMD [ARGS...]
 *
 * ITEM is PAM_TTY or PAM_RHOST (set with pam_set_item) or an XDG_* variable
 * (XDG_SEAT, XDG_VTNR, XDG_SESSION_TYPE, XDG_SESSION_CLASS, XDG_SESSION_DESKTOP,
 * put into the PAM environment, where pam_elogind/pam_systemd read them).
 *
 * Once the session is open it prints "XDG_SESSION_ID=<id>" and a newline on
 * stdout. This process stays behind as the logind session's leader: it waits
 * for CMD, forwards SIGTERM, SIGINT and SIGHUP to it, then closes the session.
 *
 * Exit status: CMD's status (128+N when CMD was killed by signal N); 2 for a
 * usage error; 1 when a PAM step fails; 3 when PAM succeeded but logind gave no
 * session (no XDG_SESSION_ID). No authentication is done: run it as root
 * against a service whose auth stack is pam_rootok.
 *
 * Build: gcc -O2 -Wall -o pam-session pam-session.c -lpam
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <security/pam_appl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define EXIT_PAM 1
#define EXIT_USAGE 2
#define EXIT_NO_SESSION 3
#define EXIT_EXEC 127

static const int forwarded_signals[] = {SIGTERM, SIGINT, SIGHUP};
#define N_FORWARDED (sizeof forwarded_signals / sizeof forwarded_signals[0])

static volatile pid_t child_pid = 0;

struct request {
  const char *service;
  const char *user;
  char **items; /* ITEM=VALUE strings, n_items of them */
  int n_items;
  char **command; /* NULL-terminated argv */
};

static void usage(void) {
  fprintf(stderr,
          "usage: pam-session SERVICE USER [ITEM=VALUE ...] -- CMD [ARGS...]\n"
          "  ITEM: PAM_TTY, PAM_RHOST, or XDG_* (XDG_SEAT, XDG_VTNR, XDG_SESSION_TYPE, ...)\n");
  exit(EXIT_USAGE);
}

static int is_known_item(const char *item) {
  return strncmp(item, "PAM_TTY=", 8) == 0 || strncmp(item, "PAM_RHOST=", 10) == 0 ||
         (strncmp(item, "XDG_", 4) == 0 && strchr(item, '=') != NULL);
}

static struct request parse_arguments(int argc, char **argv) {
  struct request r = {0};
  if (argc < 5) usage();
  r.service = argv[1];
  r.user = argv[2];
  r.items = &argv[3];
  int i = 3;
  while (i < argc && strcmp(argv[i], "--") != 0) {
    if (!is_known_item(argv[i])) {
      fprintf(stderr, "pam-session: unknown item '%s' (expected PAM_TTY=, PAM_RHOST= or XDG_*=)\n",
              argv[i]);
      exit(EXIT_USAGE);
    }
    i++;
  }
  if (i >= argc - 1) usage(); /* no "--", or nothing after it */
  r.n_items = i - 3;
  r.command = &argv[i + 1];
  return r;
}

/* No prompts can be answered (there is no user at a keyboard); messages from
   modules go to stderr so that a failing module explains itself. */
static int conversation(int n, const struct pam_message **messages, struct pam_response **responses,
                        void *data) {
  (void)data;
  if (n <= 0) return PAM_CONV_ERR;
  struct pam_response *replies = calloc((size_t)n, sizeof *replies);
  if (replies == NULL) return PAM_BUF_ERR;
  for (int i = 0; i < n; i++) {
    int style = messages[i]->msg_style;
    if (style == PAM_ERROR_MSG || style == PAM_TEXT_INFO) {
      fprintf(stderr, "pam-session: %s\n", messages[i]->msg);
    } else {
      free(replies);
      return PAM_CONV_ERR;
    }
  }
  *responses = replies;
  return PAM_SUCCESS;
}

static void check(pam_handle_t *h, int rc, const char *what) {
  if (rc == PAM_SUCCESS) return;
  fprintf(stderr, "pam-session: %s failed: %s\n", what, pam_strerror(h, rc));
  pam_end(h, rc);
  exit(EXIT_PAM);
}

static void apply_item(pam_handle_t *h, const char *item) {
  const char *value = strchr(item, '=') + 1;
  if (strncmp(item, "PAM_TTY=", 8) == 0) {
    check(h, pam_set_item(h, PAM_TTY, value), "pam_set_item(PAM_TTY)");
  } else if (strncmp(item, "PAM_RHOST=", 10) == 0) {
    check(h, pam_set_item(h, PAM_RHOST, value), "pam_set_item(PAM_RHOST)");
  } else {
    check(h, pam_putenv(h, item), "pam_putenv");
  }
}

/* Sets NAME=VALUE in the PAM environment unless a module already did. */
static void default_env(pam_handle_t *h, const char *name, const char *value) {
  if (value == NULL || pam_getenv(h, name) != NULL) return;
  char *entry;
  if (asprintf(&entry, "%s=%s", name, value) < 0) return;
  pam_putenv(h, entry);
  free(entry);
}

/* login(1) gives the shell these; pam_unix and pam_elogind do not. The bus
   address is passed on so that CMD reaches the same (possibly private) logind
   as the PAM module did. */
static void complete_environment(pam_handle_t *h, const struct passwd *pw) {
  default_env(h, "HOME", pw->pw_dir);
  default_env(h, "USER", pw->pw_name);
  default_env(h, "LOGNAME", pw->pw_name);
  default_env(h, "SHELL", pw->pw_shell);
  default_env(h, "PATH", "/usr/local/bin:/usr/bin:/bin");
  default_env(h, "DBUS_SYSTEM_BUS_ADDRESS", getenv("DBUS_SYSTEM_BUS_ADDRESS"));
}

static const struct passwd *session_user(pam_handle_t *h) {
  const void *name = NULL;
  /* A module may have changed PAM_USER, so read it back rather than use argv. */
  check(h, pam_get_item(h, PAM_USER, &name), "pam_get_item(PAM_USER)");
  const struct passwd *pw = name ? getpwnam(name) : NULL;
  if (pw == NULL) {
    fprintf(stderr, "pam-session: no such user '%s'\n", name ? (const char *)name : "?");
    exit(EXIT_PAM);
  }
  return pw;
}

static void block_forwarded_signals(sigset_t *old) {
  sigset_t set;
  sigemptyset(&set);
  for (size_t i = 0; i < N_FORWARDED; i++) sigaddset(&set, forwarded_signals[i]);
  sigprocmask(SIG_BLOCK, &set, old);
}

static void forward(int sig) {
  if (child_pid > 0) kill(child_pid, sig);
}

static void install_forwarding(void) {
  struct sigaction sa = {0};
  sa.sa_handler = forward;
  sigemptyset(&sa.sa_mask);
  for (size_t i = 0; i < N_FORWARDED; i++) sigaction(forwarded_signals[i], &sa, NULL);
}

static void restore_default_signals(const sigset_t *old) {
  struct sigaction sa = {0};
  sa.sa_handler = SIG_DFL;
  sigemptyset(&sa.sa_mask);
  for (size_t i = 0; i < N_FORWARDED; i++) sigaction(forwarded_signals[i], &sa, NULL);
  sigprocmask(SIG_SETMASK, old, NULL);
}

static void become_user_and_exec(const struct passwd *pw, char **command, char **env,
                                 const sigset_t *old_mask) {
  restore_default_signals(old_mask);
  if (initgroups(pw->pw_name, pw->pw_gid) != 0 || setgid(pw->pw_gid) != 0 ||
      setuid(pw->pw_uid) != 0) {
    fprintf(stderr, "pam-session: cannot become %s: %s\n", pw->pw_name, strerror(errno));
    _exit(EXIT_EXEC);
  }
  if (chdir(pw->pw_dir) != 0 && chdir("/") != 0) _exit(EXIT_EXEC);
  environ = env;
  execvp(command[0], command);
  fprintf(stderr, "pam-session: cannot run %s: %s\n", command[0], strerror(errno));
  _exit(EXIT_EXEC);
}

static int wait_for_child(pid_t pid) {
  int status;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return EXIT_PAM;
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return EXIT_PAM;
}

static void close_session(pam_handle_t *h) {
  int rc = pam_close_session(h, 0);
  if (rc != PAM_SUCCESS) fprintf(stderr, "pam-session: pam_close_session: %s\n", pam_strerror(h, rc));
  pam_setcred(h, PAM_DELETE_CRED);
  pam_end(h, rc);
}

static pam_handle_t *open_session(const struct request *r) {
  struct pam_conv conv = {conversation, NULL};
  pam_handle_t *h = NULL;
  int rc = pam_start(r->service, r->user, &conv, &h);
  if (rc != PAM_SUCCESS) {
    fprintf(stderr, "pam-session: pam_start(%s, %s) failed: %s\n", r->service, r->user,
            pam_strerror(h, rc));
    exit(EXIT_PAM);
  }
  for (int i = 0; i < r->n_items; i++) apply_item(h, r->items[i]);
  check(h, pam_acct_mgmt(h, 0), "pam_acct_mgmt");
  check(h, pam_setcred(h, PAM_ESTABLISH_CRED), "pam_setcred(PAM_ESTABLISH_CRED)");
  rc = pam_open_session(h, 0);
  if (rc != PAM_SUCCESS) {
    fprintf(stderr, "pam-session: pam_open_session failed: %s (the modules log why to syslog; "
                    "logind's own log says why it refused a session)\n",
            pam_strerror(h, rc));
    pam_setcred(h, PAM_DELETE_CRED);
    pam_end(h, rc);
    exit(EXIT_PAM);
  }
  return h;
}

int main(int argc, char **argv) {
  struct request r = parse_arguments(argc, argv);
  /* Held until the child exists, so that a signal sent while the session is
     being set up still reaches CMD instead of killing the leader before it
     can close the session. */
  sigset_t old_mask;
  block_forwarded_signals(&old_mask);

  pam_handle_t *h = open_session(&r);
  const char *id = pam_getenv(h, "XDG_SESSION_ID");
  if (id == NULL || *id == '\0') {
    fprintf(stderr, "pam-session: PAM opened the session but logind gave no XDG_SESSION_ID: "
                    "the caller may already be inside a logind session, or the service '%s' "
                    "has no pam_elogind/pam_systemd\n",
            r.service);
    close_session(h);
    return EXIT_NO_SESSION;
  }
  const struct passwd *pw = session_user(h);
  complete_environment(h, pw);
  char **env = pam_getenvlist(h);
  if (env == NULL) check(h, PAM_BUF_ERR, "pam_getenvlist");

  printf("XDG_SESSION_ID=%s\n", pam_getenv(h, "XDG_SESSION_ID"));
  fflush(stdout);

  install_forwarding();
  pid_t pid = fork();
  if (pid < 0) {
    fprintf(stderr, "pam-session: fork: %s\n", strerror(errno));
    close_session(h);
    return EXIT_PAM;
  }
  if (pid == 0) become_user_and_exec(pw, r.command, env, &old_mask);
  child_pid = pid;
  sigprocmask(SIG_SETMASK, &old_mask, NULL);

  int status = wait_for_child(pid);
  close_session(h);
  return status;
}

#include "Subcommands.h"

#include <cstdio>

namespace tern::app {

const QList<Subcommand> &subcommands()
{
    static const QList<Subcommand> all = {
        {"account", "add, list or detect accounts, keep their passwords in the keyring (tern account add|list|password|detect)", &runAccount},
        {"sync", "replay offline actions, fetch mail (IMAP per folder policy, POP3), send the outbox: tern sync [ACCOUNT]", &runSync},
        {"watch", "keep a folder in sync as the server reports changes (IDLE): tern watch ACCOUNT [FOLDER] [--once]", &runWatch},
        {"folders", "folders in the cache: tern folders [ACCOUNT] [--json]", &runFolders},
        {"show", "print a message (fetched if needed): tern show ACCOUNT FOLDER N", &runShow},
        {"send", "queue a message and send it: tern send ACCOUNT FILE.eml [--later] [--dsn] [--sign] [--encrypt] [--smime]", &runSend},
        {"outbox", "show the outbox: tern outbox [ACCOUNT] [--json]", &runOutbox},
        {"list", "list cached messages, or their threads: tern list ACCOUNT FOLDER [--threads [--by-subject]] [--json]", &runList},
        {"move", "move a message (offline too): tern move ACCOUNT FOLDER N TOFOLDER", &runMove},
        {"delete", "delete a message (offline too): tern delete ACCOUNT FOLDER N", &runDelete},
        {"flag", "change a flag (offline too): tern flag ACCOUNT FOLDER N +\\Flagged", &runFlag},
        {"copy", "copy a message (offline too): tern copy ACCOUNT FOLDER UID TOFOLDER", &runCopy},
        {"expunge", "remove the messages flagged \\Deleted (offline too): tern expunge ACCOUNT FOLDER", &runExpunge},
        {"folder", "create, rename or delete a folder (offline too): tern folder create|rename|delete ACCOUNT NAME [NEWNAME]", &runFolder},
        {"draft", "save a draft in Drafts (offline too): tern draft ACCOUNT FILE.eml [--encrypt [--smime]]", &runDraft},
        {"policy", "what folders keep offline: tern policy ACCOUNT [FOLDER] [all|days=N|headers|skip|inherit]", &runPolicy},
        {"render", "show a message as the viewer does, signatures checked, headless: tern render FILE.eml [--json] [--prefer-plain] [--no-crypto]", &runRender},
        {"compose", "write a message, a reply or a forward to stdout: tern compose --from ADDR [--to ADDR]… [--reply FILE.eml] (see --help)", &runCompose},
        {"keys", "OpenPGP keys (or S/MIME certificates) with validity, trust, expiry, user IDs: tern keys [--json] [--secret] [--smime] [PATTERN]; --import FILE [--yes], --export ID, --generate \"Name <addr>\", --autocrypt, --accept-autocrypt ADDRESS, --locate ADDRESS (WKD)", &runKeys},
        {"search", "search the cache: tern search QUERY [--json] [--sort newest|oldest|relevance] (words, \"phrases\", from:, is:unread, after:2024-01 … see --help)", &runSearch},
        {"index", "bring the search index up to date: tern index [--rebuild]", &runIndex},
        {"journal", "offline actions and their state: tern journal ACCOUNT [--json]", &runJournal},
    };
    return all;
}

const Subcommand *findSubcommand(const QString &name)
{
    for (const Subcommand &s : subcommands())
        if (name == QLatin1String(s.name))
            return &s;
    return nullptr;
}

void out(const QString &text)
{
    std::fputs(text.toUtf8().constData(), stdout);
}

int fail(const QString &message, int code)
{
    std::fprintf(stderr, "tern: %s\n", message.toUtf8().constData());
    return code;
}

} // namespace tern::app

// Offline-first IMAP actions (through the journal; `tern sync` replays them):
//   tern copy ACCOUNT FOLDER UID TOFOLDER
//   tern expunge ACCOUNT FOLDER
//   tern folder create|rename|delete ACCOUNT NAME [NEWNAME]
//   tern draft ACCOUNT FILE.eml
// and what each folder keeps offline:
//   tern policy ACCOUNT [FOLDER] [all|days=N|headers|skip|inherit]
#include "Engine.h"
#include "Subcommands.h"
#include "crypto/PgpMimeWriter.h"

#include "store/SyncPolicy.h"
#include "sync/OfflineJournal.h"

#include <QFile>
#include <variant>

namespace tern::app {

namespace {

struct Opened {
    store::AccountConfig account;
    std::unique_ptr<store::Database> db;
};

// The account (which must be IMAP) and the cache; or an exit code.
std::variant<Opened, int> openImap(const SubcommandContext &ctx, const QString &name)
{
    auto a = findAccount(ctx.profile, name);
    if (!a)
        return fail(a.error().message, 2);
    if (!a.value().imap)
        return fail(QStringLiteral("%1 is not an IMAP account (POP3 folders are local: use tern move and delete)").arg(name), 2);
    auto db = openCache(ctx.profile);
    if (!db)
        return fail(db.error().message);
    return Opened{a.value(), std::move(db).value()};
}

int journaled(const Status &s)
{
    if (!s)
        return fail(s.error().message, s.error().code == Error::Code::Io ? 1 : 2);
    fail(QStringLiteral("done here; the server follows at the next tern sync"), 0);
    return 0;
}

} // namespace

int runCopy(const SubcommandContext &ctx)
{
    bool ok = false;
    const qint64 uid = ctx.args.value(2).toLongLong(&ok);
    if (ctx.args.size() != 4 || !ok || uid <= 0)
        return fail(QStringLiteral("usage: tern copy ACCOUNT FOLDER UID TOFOLDER"), 2);
    auto o = openImap(ctx, ctx.args.at(0));
    if (auto *code = std::get_if<int>(&o))
        return *code;
    auto &opened = std::get<Opened>(o);
    return journaled(sync::OfflineJournal(*opened.db).copy(opened.account.name, ctx.args.at(1), uid, ctx.args.at(3)));
}

int runExpunge(const SubcommandContext &ctx)
{
    if (ctx.args.size() != 2)
        return fail(QStringLiteral("usage: tern expunge ACCOUNT FOLDER   (removes the messages flagged \\Deleted)"), 2);
    auto o = openImap(ctx, ctx.args.at(0));
    if (auto *code = std::get_if<int>(&o))
        return *code;
    auto &opened = std::get<Opened>(o);
    auto n = sync::OfflineJournal(*opened.db).expunge(opened.account.name, ctx.args.at(1));
    if (!n)
        return journaled(n.error());
    out(QStringLiteral("%1 message(s) expunged\n").arg(n.value()));
    return journaled(success());
}

int runFolder(const SubcommandContext &ctx)
{
    const QString verb = ctx.args.value(0);
    const int want = verb == QLatin1String("rename") ? 4 : 3;
    if ((verb != QLatin1String("create") && verb != QLatin1String("rename") && verb != QLatin1String("delete")) || ctx.args.size() != want)
        return fail(QStringLiteral("usage: tern folder create|delete ACCOUNT NAME | tern folder rename ACCOUNT NAME NEWNAME"), 2);
    auto o = openImap(ctx, ctx.args.at(1));
    if (auto *code = std::get_if<int>(&o))
        return *code;
    auto &opened = std::get<Opened>(o);
    sync::OfflineJournal j(*opened.db);
    const QString &acct = opened.account.name;
    if (verb == QLatin1String("create"))
        return journaled(j.createFolder(acct, ctx.args.at(2)));
    if (verb == QLatin1String("rename"))
        return journaled(j.renameFolder(acct, ctx.args.at(2), ctx.args.at(3)));
    return journaled(j.deleteFolder(acct, ctx.args.at(2)));
}

int runDraft(const SubcommandContext &ctx)
{
    // --encrypt: the draft is encrypted to its writer (OpenPGP, or S/MIME with --smime)
    // before it reaches the cache, the journal or the server's Drafts folder.
    QStringList args = ctx.args;
    const bool encrypt = args.removeAll(QStringLiteral("--encrypt")) > 0;
    const bool smime = args.removeAll(QStringLiteral("--smime")) > 0;
    if (args.size() != 2 || (smime && !encrypt))
        return fail(QStringLiteral("usage: tern draft ACCOUNT FILE.eml [--encrypt [--smime]]"), 2);
    QFile file(args.at(1));
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read %1: %2").arg(args.at(1), file.errorString()), 2);
    if (file.size() > 64LL * 1024 * 1024)
        return fail(QStringLiteral("%1 is larger than 64 MB").arg(args.at(1)), 2);
    QByteArray raw = file.readAll();
    if (encrypt) {
        auto sealed = crypto::protectDraft(raw, smime ? crypto::Protocol::Cms : crypto::Protocol::OpenPgp);
        if (!sealed)
            return fail(sealed.error().message, 2);
        raw = sealed.value();
    }
    auto o = openImap(ctx, args.at(0));
    if (auto *code = std::get_if<int>(&o))
        return *code;
    auto &opened = std::get<Opened>(o);
    auto folder = sync::OfflineJournal(*opened.db).saveDraft(opened.account.name, raw);
    if (!folder)
        return journaled(folder.error());
    out(QStringLiteral("saved in %1\n").arg(folder.value()));
    return journaled(success());
}

int runPolicy(const SubcommandContext &ctx)
{
    const QStringList &args = ctx.args;
    if (args.isEmpty() || args.size() > 3)
        return fail(QStringLiteral("usage: tern policy ACCOUNT [FOLDER] [all|days=N|headers|skip|inherit]\n"
                                   "  all: every body offline; days=N: bodies of the last N days; headers: bodies when read;\n"
                                   "  skip: the folder is not synchronised; inherit: a folder follows the account"), 2);
    auto a = findAccount(ctx.profile, args.at(0));
    if (!a)
        return fail(a.error().message, 2);
    auto db = openCache(ctx.profile);
    if (!db)
        return fail(db.error().message);
    store::SyncPolicyStore policies(*db.value());
    // tern policy ACCOUNT POLICY | tern policy ACCOUNT FOLDER POLICY
    const bool lastIsPolicy = args.size() >= 2 && (store::SyncPolicy::parse(args.last()) || args.last() == QLatin1String("inherit"));
    if (lastIsPolicy) {
        const QString folder = args.size() == 3 ? args.at(1) : QString();
        std::optional<store::SyncPolicy> p;
        if (args.last() != QLatin1String("inherit"))
            p = store::SyncPolicy::parse(args.last()).value();
        else if (folder.isEmpty())
            return fail(QStringLiteral("inherit is for folders; an account's default follows its mode"), 2);
        if (auto s = policies.set(a.value().name, folder, p); !s)
            return fail(s.error().message);
    } else if (args.size() == 3) {
        return fail(store::SyncPolicy::parse(args.last()).error().message, 2);
    }
    auto account = policies.forAccount(a.value());
    if (!account)
        return fail(account.error().message);
    out(QStringLiteral("%1\t%2\t(account, %3 mode)\n").arg(a.value().name, account.value().toString(), store::modeName(a.value().mode)));
    auto q = db.value()->exec(QStringLiteral("SELECT name FROM mailboxes WHERE account = ? AND exists_on_server = 1 ORDER BY name"), {a.value().name});
    if (!q)
        return fail(q.error().message);
    const QString only = args.size() >= 2 && !(args.size() == 2 && lastIsPolicy) ? args.at(1) : QString();
    while (q.value().next()) {
        const QString folder = q.value().value(0).toString();
        if (!only.isEmpty() && folder != only)
            continue;
        auto p = policies.forFolder(a.value(), folder);
        if (p)
            out(QStringLiteral("%1\t%2\n").arg(folder, p.value().toString()));
    }
    return 0;
}

} // namespace tern::app

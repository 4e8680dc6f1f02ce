#include "TestProfile.h"

#include "store/AccountConfig.h"

#include <QTest>

namespace tern::test {

void addLoopbackAccount(const store::Profile &profile, const QString &name, bool withAddress)
{
    store::AccountConfig a;
    a.name = name;
    if (withAddress)
        a.address = name + QStringLiteral("@example.test");
    a.imap = net::ServerUrl::parse(QStringLiteral("imaps://%1@127.0.0.1:993").arg(name), net::Protocol::Imap).value();
    a.smtp = net::ServerUrl::parse(QStringLiteral("smtps://%1@127.0.0.1:465").arg(name), net::Protocol::Smtp).value();
    QVERIFY(profile.ensureExists().ok());
    QVERIFY(store::AccountStore(profile.accountsFile()).add(a).ok());
}

} // namespace tern::test

"""Issue 10's proof for short links: guessing finds nothing, robots add nothing."""

import pytest

from broadsheet.links.models import MissedCode

from .conftest import BROWSER, clicks_of

# Search engines, link-preview fetchers of chat apps and social networks, AI crawlers, tools.
ROBOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
    "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.0 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Twitterbot/1.0",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    "TelegramBot (like TwitterBot)",
    "WhatsApp/2.23.20.0 A",
    "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "Mastodon/4.2.0 (http.rb/5.1.1; +https://mastodon.social/)",
    "Pinterestbot/1.0",
    "Mozilla/5.0 (compatible; redditbot/1.0; +http://www.reddit.com/feedback)",
    "Mozilla/5.0 (compatible; Embedly/0.2; +http://support.embed.ly/)",
    "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5",
    "Iframely/1.3.1 (+https://iframely.com/docs/about)",
    "vkShare; +http://vk.com/dev/Share",
    "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.12026; Pro)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.0; +https://openai.com/gptbot)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
    "curl/8.5.0",
    "Wget/1.21.4",
    "python-requests/2.32.3",
    "",
]


@pytest.mark.parametrize("user_agent", ROBOTS)
def test_robots_and_link_previews_are_redirected_but_not_counted(client, link, article, user_agent):
    response = client.get(f"/s/{link.code}", HTTP_USER_AGENT=user_agent)
    assert (response.status_code, response["Location"]) == (302, article.full_url)
    client.get("/s/zzzzzzzzz", HTTP_USER_AGENT=user_agent)
    assert clicks_of(link) == 0
    assert not MissedCode.objects.exists()


def test_the_robot_list_is_long_enough_and_a_browser_among_them_is_counted(client, link):
    assert len([ua for ua in ROBOTS if ua]) >= 20
    for user_agent in ROBOTS:
        client.get(f"/s/{link.code}", HTTP_USER_AGENT=user_agent)
    client.get(f"/s/{link.code}", HTTP_USER_AGENT=BROWSER)
    assert clicks_of(link) == 1


@pytest.mark.parametrize(
    "headers",
    [{"HTTP_SEC_PURPOSE": "prefetch"}, {"HTTP_SEC_PURPOSE": "prefetch;prerender"}, {"HTTP_PURPOSE": "prefetch"}],
)
def test_prefetches_are_redirected_but_not_counted(client, link, headers):
    response = client.get(f"/s/{link.code}", HTTP_USER_AGENT=BROWSER, **headers)
    assert response.status_code == 302
    assert clicks_of(link) == 0

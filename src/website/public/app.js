// Safe to Ask: the page's own script. Plain JavaScript, no build step, served from /assets with SRI.
//
// 1. Quick exit, on every page: the button, the secondary link and Shift pressed 3 times within
//    5 seconds (GOV.UK's pattern). Exit blanks the page at once, drops the chat, asks the server
//    to forget the conversation (navigator.sendBeacon), then location.replace(EXIT_URL) so Back
//    does not come back here.
// 2. The chat (GET / only): Web Chat over Direct Line with a token from this server.
//
// Nothing is stored in the browser: no cookies, no localStorage/sessionStorage/IndexedDB. The user
// id is random per page load and lives only in this script's memory.
(function () {
  'use strict';

  var scriptNonce = (document.currentScript && document.currentScript.nonce) || '';
  var body = document.body;
  var settings = {
    exitUrl: body.getAttribute('data-exit-url') || 'https://www.bbc.co.uk/weather',
    directLineDomain: body.getAttribute('data-directline-domain') || window.location.origin + '/directline',
    tokenPath: body.getAttribute('data-token-path') || '/directline/tokens/generate',
    webSocket: body.getAttribute('data-websocket') === 'true',
    canForget: body.getAttribute('data-can-forget') === 'true',
    idleMinutes: Number(body.getAttribute('data-idle-minutes')) || 30
  };

  /** The chat now on screen: { directLine, container, generation } or null. */
  var chat = null;
  var exiting = false;

  // ---------------------------------------------------------------- keep the exit bar clear

  var exitBar = document.querySelector('.exit-bar');
  function reserveExitBarSpace() {
    if (!exitBar) return;
    document.documentElement.style.setProperty('--exit-bar-height', exitBar.offsetHeight + 'px');
  }
  reserveExitBarSpace();
  if (exitBar && 'ResizeObserver' in window) new ResizeObserver(reserveExitBarSpace).observe(exitBar);
  window.addEventListener('resize', reserveExitBarSpace);

  // ---------------------------------------------------------------- quick exit

  /** Tells the server to forget the conversation. A beacon survives the page going away. */
  function forgetOnServer(current) {
    if (!settings.canForget || !current || !current.directLine) return;
    var conversationId = current.directLine.conversationId;
    var token = current.directLine.token;
    if (!conversationId || !token) return;
    var url = settings.directLineDomain + '/conversations/' + encodeURIComponent(conversationId) + '/forget';
    var payload = JSON.stringify({ token: token });
    try {
      if (navigator.sendBeacon && navigator.sendBeacon(url, payload)) return;
    } catch (e) {
      /* fall through to fetch */
    }
    try {
      fetch(url, {
        method: 'POST',
        body: payload,
        keepalive: true,
        credentials: 'omit',
        cache: 'no-store',
        headers: { 'Content-Type': 'text/plain' }
      }).catch(function () {});
    } catch (e) {
      /* nothing more we can do */
    }
  }

  /** Removes the chat from the page and from memory. */
  function dropChat() {
    var current = chat;
    chat = null;
    if (!current) return;
    try {
      current.directLine.end();
    } catch (e) {
      /* already ended */
    }
    if (current.container && current.container.parentNode) current.container.parentNode.removeChild(current.container);
  }

  function exitNow(event) {
    if (event) event.preventDefault();
    if (exiting) return;
    exiting = true;
    // Blank the page first, so nothing stays on screen while the next page loads.
    document.documentElement.classList.add('is-exiting');
    var current = chat;
    dropChat();
    forgetOnServer(current);
    while (body.firstChild) body.removeChild(body.firstChild);
    document.title = 'Loading';
    try {
      if (window.top && window.top !== window.self) {
        window.top.location.replace(settings.exitUrl);
        return;
      }
    } catch (e) {
      /* a frame that may not navigate its parent leaves by itself */
    }
    window.location.replace(settings.exitUrl);
  }

  var exitLinks = document.querySelectorAll('.js-exit');
  for (var i = 0; i < exitLinks.length; i++) exitLinks[i].addEventListener('click', exitNow);

  // Shift pressed 3 times within 5 seconds. Shift used with another key (a capital letter) does
  // not count, and any other key starts the count again, so typing never triggers it.
  var SHIFT_PRESSES = 3;
  var SHIFT_WINDOW_MS = 5000;
  var presses = 0;
  var shiftTimer = 0;
  var shiftUsedWithOtherKey = false;
  var progress = document.querySelector('.exit-progress');
  var status = document.getElementById('exit-status');

  function showProgress() {
    if (!progress) return;
    progress.hidden = presses === 0;
    var dots = progress.querySelectorAll('span');
    for (var d = 0; d < dots.length; d++) dots[d].className = d < presses ? 'is-on' : '';
  }

  function announce(text) {
    if (status) status.textContent = text;
  }

  function resetPresses(expired) {
    if (shiftTimer) window.clearTimeout(shiftTimer);
    shiftTimer = 0;
    var had = presses;
    presses = 0;
    showProgress();
    if (expired && had > 0) announce('Exit this page expired.');
  }

  document.addEventListener(
    'keydown',
    function (event) {
      if (event.key === 'Shift') return;
      if (event.shiftKey) shiftUsedWithOtherKey = true;
      if (presses > 0) resetPresses(false);
    },
    true
  );

  document.addEventListener(
    'keyup',
    function (event) {
      if (event.key !== 'Shift') return;
      if (shiftUsedWithOtherKey) {
        shiftUsedWithOtherKey = false;
        return;
      }
      presses++;
      if (presses === 1) shiftTimer = window.setTimeout(function () { resetPresses(true); }, SHIFT_WINDOW_MS);
      showProgress();
      var left = SHIFT_PRESSES - presses;
      if (left <= 0) {
        announce('');
        exitNow();
      } else {
        announce('Shift, press ' + left + ' more ' + (left === 1 ? 'time' : 'times') + ' to exit.');
      }
    },
    true
  );

  // Back/forward cache: a page restored after exiting leaves again; a chat page restored after being
  // left starts a fresh chat (the old one was forgotten when the page was hidden).
  window.addEventListener('pageshow', function (event) {
    if (!event.persisted) return;
    if (exiting) {
      window.location.replace(settings.exitUrl);
      return;
    }
    if (chatFrame) startChat();
  });

  // Closing the page or going to another one: the server forgets the chat now, not in 30 minutes.
  // (Switching apps or tabs does not fire pagehide, so a call to a helpline keeps the chat.)
  window.addEventListener('pagehide', function () {
    if (exiting) return;
    var current = chat;
    forgetOnServer(current);
    dropChat();
  });

  // ---------------------------------------------------------------- the chat

  var chatFrame = document.getElementById('chat-frame');
  if (!chatFrame) return;

  function newUserId() {
    if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  function showNotice(message, buttonText) {
    dropChat();
    var notice = document.createElement('div');
    notice.className = 'chat-notice';
    notice.setAttribute('role', 'status');
    var p = document.createElement('p');
    p.textContent = message;
    notice.appendChild(p);
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'button';
    button.textContent = buttonText;
    button.addEventListener('click', function () {
      startChat();
    });
    notice.appendChild(button);
    chatFrame.replaceChildren(notice);
    button.focus();
  }

  function clearFrame() {
    while (chatFrame.firstChild) chatFrame.removeChild(chatFrame.firstChild);
  }

  var styleOptions = {
    hideUploadButton: true,
    accent: '#0b5a73',
    backgroundColor: '#ffffff',
    primaryFont: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif",
    fontSizeSmall: '87.5%',
    subtle: '#4a5560',
    timestampColor: '#4a5560',
    notificationText: '#4a5560',
    paddingRegular: 10,
    bubbleBackground: '#f3f5f7',
    bubbleBorderColor: '#c5ccd3',
    bubbleBorderRadius: 12,
    bubbleBorderWidth: 1,
    bubbleTextColor: '#1b1f24',
    bubbleFromUserBackground: '#0b5a73',
    bubbleFromUserBorderColor: '#0b5a73',
    bubbleFromUserBorderRadius: 12,
    bubbleFromUserTextColor: '#ffffff',
    bubbleMinWidth: 120,
    bubbleMaxWidth: 600,
    bubbleMinHeight: 44,
    richCardWrapTitle: true,
    cardEmphasisBackgroundColor: '#f3f5f7',
    cardPushButtonBackgroundColor: '#0b5a73',
    cardPushButtonTextColor: '#ffffff',
    markdownRenderHTML: false,
    sendBoxHeight: 56,
    sendBoxTextWrap: true,
    sendBoxBorderTop: 'solid 1px #8a939c',
    sendBoxPlaceholderColor: '#4a5560',
    sendBoxButtonColor: '#0b5a73',
    // Stacked, with the words wrapped: every choice is read in full, and each is a big target.
    suggestedActionLayout: 'stacked',
    suggestedActionsStackedLayoutButtonTextWrap: true,
    suggestedActionsStackedHeight: '40vh',
    suggestedActionsStackedOverflow: 'auto',
    suggestedActionHeight: 44,
    suggestedActionBorderRadius: 22,
    suggestedActionBorderWidth: 2,
    suggestedActionBorderColor: '#0b5a73',
    suggestedActionTextColor: '#0b5a73',
    suggestedActionBackgroundColor: '#ffffff',
    suggestedActionBackgroundColorOnHover: '#e8f1f4',
    suggestedActionBorderColorOnDisabled: '#8a939c',
    suggestedActionTextColorOnDisabled: '#4a5560',
    transcriptTerminatorColor: '#ffffff',
    transcriptTerminatorBackgroundColor: '#4a5560',
    transcriptTerminatorFontSize: 14,
    groupTimestamp: 300000,
    // When a reply is longer than the chat is tall, stop scrolling at its start, so a long answer
    // (text, then service cards) is read from its first line, not from the middle of the last card.
    autoScrollSnapOnPage: true,
    autoScrollSnapOnPageOffset: 8,
    // Our own spinner as a data: image. Web Chat's default is a blob: URL, which img-src would have to allow.
    spinnerAnimationBackgroundImage:
      'url("data:image/svg+xml,' +
      encodeURIComponent(
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'><circle cx='8' cy='8' r='6' fill='none' stroke='#4a5560' stroke-width='2' stroke-dasharray='26 12'><animateTransform attributeName='transform' type='rotate' from='0 8 8' to='360 8 8' dur='1s' repeatCount='indefinite'/></circle></svg>"
      ) +
      '")'
  };

  // Service cards (hero cards, drawn by Adaptive Cards): the same font and colours as the rest of the
  // chat, and text no smaller than the messages around them (Adaptive Cards' default is 14px).
  var FONT = styleOptions.primaryFont;
  var ink = { default: '#1b1f24', subtle: '#4a5560' };
  var cardHostConfig = {
    supportsInteractivity: true,
    fontFamily: FONT,
    fontTypes: {
      default: {
        fontFamily: FONT,
        fontSizes: { small: 15, default: 17, medium: 19, large: 21, extraLarge: 26 },
        fontWeights: { lighter: 400, default: 400, bolder: 700 }
      },
      monospace: {
        fontFamily: "ui-monospace, 'Cascadia Mono', 'Segoe UI Mono', 'Liberation Mono', Menlo, monospace",
        fontSizes: { small: 15, default: 17, medium: 19, large: 21, extraLarge: 26 },
        fontWeights: { lighter: 400, default: 400, bolder: 700 }
      }
    },
    spacing: { small: 4, default: 10, medium: 16, large: 24, extraLarge: 32, padding: 12 },
    separator: { lineThickness: 1, lineColor: '#c5ccd3' },
    containerStyles: {
      default: {
        backgroundColor: '#ffffff',
        foregroundColors: {
          default: ink,
          dark: ink,
          light: { default: '#ffffff', subtle: '#ffffff' },
          accent: { default: '#0b5a73', subtle: '#0b5a73' },
          good: { default: '#0b5a2a', subtle: '#0b5a2a' },
          warning: { default: '#6b4400', subtle: '#6b4400' },
          attention: { default: '#a4111d', subtle: '#a4111d' }
        }
      },
      emphasis: { backgroundColor: '#f3f5f7', foregroundColors: { default: ink } }
    },
    actions: {
      actionAlignment: 'stretch',
      actionsOrientation: 'vertical',
      buttonSpacing: 8,
      maxActions: 20,
      spacing: 'default',
      showCard: { actionMode: 'inline', inlineTopMargin: 8 }
    },
    adaptiveCard: { allowCustomStyle: false },
    // A card's title is a heading: level 3, under the page's h1 and the chat's h2.
    textBlock: { headingLevel: 3 },
    imageSizes: { small: 40, medium: 80, large: 160 }
  };

  var strings = {
    TEXT_INPUT_PLACEHOLDER: 'Type your message',
    TEXT_INPUT_ALT: 'Message',
    TEXT_INPUT_SEND_BUTTON_ALT: 'Send',
    ACTIVITY_BOT_SAID_ALT: 'Safe to Ask said:',
    ACTIVITY_YOU_SAID_ALT: 'You said:'
  };

  /** Card links: phone and text links open the phone's dialler or messages; web links open a new tab. */
  function cardActionMiddleware() {
    return function (next) {
      return function () {
        var args = arguments;
        var action = args[0] && args[0].cardAction;
        if (action && action.type === 'openUrl' && typeof action.value === 'string') {
          var url = action.value;
          if (/^(tel|sms):/i.test(url)) {
            window.location.href = url;
            return;
          }
          if (/^https:\/\//i.test(url)) {
            window.open(url, '_blank', 'noopener,noreferrer');
            return;
          }
          return; // any other kind of link is never opened
        }
        return next.apply(null, args);
      };
    };
  }

  function isGoodbye(activity) {
    var guide = activity && activity.channelData && activity.channelData.guide;
    var state = guide && typeof guide.state === 'string' ? guide.state : '';
    return activity.from && activity.from.role === 'bot' && (state === 'forgotten' || /\.forgotten$/.test(state));
  }

  /**
   * A quick reply (imBack) sends its value, as the design contract says ("young-person"), but the chat
   * should show the words on the button ("I'm under 18"). As messageBack with displayText, Web Chat
   * sends the same text and shows the button's words.
   */
  function readable(activity) {
    if (!activity) return activity;
    // Service cards one under another, full width: a carousel squeezes each card into a narrow
    // column on a phone, and its arrow buttons are harder to use with a screen reader.
    if (activity.attachmentLayout === 'carousel') activity = Object.assign({}, activity, { attachmentLayout: 'list' });
    var actions = activity.suggestedActions && activity.suggestedActions.actions;
    if (!actions || !actions.length) return activity;
    var changed = actions.map(function (a) {
      if (!a || a.type !== 'imBack' || typeof a.value !== 'string' || !a.title) return a;
      return { type: 'messageBack', title: a.title, text: a.value, displayText: a.title, value: a.value };
    });
    return Object.assign({}, activity, { suggestedActions: Object.assign({}, activity.suggestedActions, { actions: changed }) });
  }

  /**
   * The server sends the person's own message back without what they typed, so that it is never stored
   * (src/directline/activities.ts userEcho). Web Chat shows that echo in place of the message it sent,
   * so put the words back from Web Chat's own copy, which never left this page's memory.
   */
  function keepOwnWords(activity, sent) {
    if (!activity || !activity.from || activity.from.role !== 'user' || typeof activity.text === 'string') return activity;
    var id = activity.channelData && activity.channelData.clientActivityID;
    var mine = null;
    for (var i = 0; id && i < sent.length; i++) {
      if (sent[i] && sent[i].channelData && sent[i].channelData.clientActivityID === id) mine = sent[i];
    }
    if (!mine || typeof mine.text !== 'string') return activity;
    var channelData = Object.assign({}, activity.channelData);
    if (mine.channelData && mine.channelData.messageBack) channelData.messageBack = mine.channelData.messageBack;
    return Object.assign({}, activity, { text: mine.text, channelData: channelData });
  }

  /**
   * A chat with nothing said either way for IDLE_MINUTES ends on screen too, as it has on the server: the
   * server has forgotten it, and whoever looks at this screen next should not see it. (The server does not
   * end it for the page: a chat it has no record of carries on, in case storage lost it.)
   */
  var idleTimer = 0;
  function restartIdleTimer(generation) {
    if (idleTimer) window.clearTimeout(idleTimer);
    idleTimer = window.setTimeout(function () {
      if (!chat || chat.generation !== generation) return;
      forgetOnServer(chat);
      showNotice('This chat has ended to keep it private. You can start a new one.', 'Start a new chat');
    }, settings.idleMinutes * 60000);
  }

  function createStore(generation) {
    return window.WebChat.createStore({}, function (store) {
      return function (next) {
        return function (action) {
          // Only the chat on screen may change the page (a dropped chat's last poll may still answer).
          if (chat && chat.generation === generation) {
            if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY' || action.type === 'DIRECT_LINE/POST_ACTIVITY') {
              restartIdleTimer(generation);
            }
            if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY' && isGoodbye(action.payload.activity)) {
              var words = action.payload.activity.text || "I've deleted this chat.";
              // Let Web Chat finish this action, then take everything off the screen.
              window.setTimeout(function () {
                var current = chat;
                forgetOnServer(current);
                showNotice(words, 'Start a new chat');
              }, 0);
            } else if (action.type === 'DIRECT_LINE/UPDATE_CONNECTION_STATUS') {
              var code = action.payload && action.payload.connectionStatus;
              // 3 = the token expired, 5 = the conversation ended (forgotten: quick exit in another tab, say).
              if (code === 3 || code === 5) {
                window.setTimeout(function () {
                  showNotice('This chat has ended to keep it private. You can start a new one.', 'Start a new chat');
                }, 0);
              }
            }
          }
          if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY' && action.payload && action.payload.activity) {
            var incoming = keepOwnWords(action.payload.activity, store.getState().activities || []);
            action = Object.assign({}, action, {
              payload: Object.assign({}, action.payload, { activity: readable(incoming) })
            });
          }
          return next(action);
        };
      };
    });
  }

  var startCount = 0;

  function startChat() {
    var generation = ++startCount;
    dropChat();
    clearFrame();
    var loading = document.createElement('p');
    loading.className = 'chat-notice';
    loading.textContent = 'Starting the chat…';
    chatFrame.appendChild(loading);

    if (!window.WebChat) {
      showNotice('Sorry, the chat could not load. Please try again.', 'Try again');
      return;
    }
    var userId = newUserId();
    fetch(settings.tokenPath, {
      method: 'POST',
      credentials: 'omit',
      cache: 'no-store',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: { id: userId } })
    })
      .then(function (response) {
        if (!response.ok) throw new Error('token ' + response.status);
        return response.json();
      })
      .then(function (grant) {
        if (generation !== startCount || exiting) return;
        var directLine = window.WebChat.createDirectLine({
          domain: settings.directLineDomain,
          token: grant.token,
          webSocket: settings.webSocket
        });
        var container = document.createElement('div');
        container.className = 'chat-webchat';
        clearFrame();
        chatFrame.appendChild(container);
        chat = { directLine: directLine, container: container, generation: generation };
        window.WebChat.renderWebChat(
          {
            directLine: directLine,
            store: createStore(generation),
            userID: userId,
            locale: 'en-GB',
            styleOptions: styleOptions,
            overrideLocalizedStrings: strings,
            cardActionMiddleware: cardActionMiddleware,
            adaptiveCardsHostConfig: cardHostConfig,
            nonce: scriptNonce,
            sendTypingIndicator: false
          },
          container
        );
      })
      .catch(function () {
        if (generation !== startCount || exiting) return;
        showNotice('Sorry, the chat could not start. Please check your connection and try again.', 'Try again');
      });
  }

  startChat();
})();

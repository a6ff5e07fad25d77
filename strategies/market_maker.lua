--- Makes a market in one symbol through the session: the host quotes a bid and an ask around the
--- book's microprice, leans them against the inventory, caps the position, and pulls both quotes
--- when the price jumps. The script only starts the maker in the morning, stops it before the
--- closing auction, sells what is left at the close, and logs what the maker did each day.
--- Run it on minute bars (`kumo data synth --timeframe 1m`), or live with a broker's books.

local strategy = {
  name = 'market_maker',
  params = { size = 20, max_inventory = 100, spread = 1, skew = 1, fast_move = 8, cooldown = 120, start = '09:10', stop = '15:00' },
  symbols = { '005930' },
  timeframe = '1m',
}

local makers = {} -- symbol -> the maker quoting it today

local function clock(time) return os.date('!%H:%M', time + 9 * 3600) end

function strategy.on_bar(ctx, bar)
  local now, p = clock(bar.time), strategy.params
  local id = makers[bar.symbol]
  if id == nil and now >= p.start and now < p.stop then
    makers[bar.symbol] = ctx:make_market{
      symbol = bar.symbol, size = p.size, max_inventory = p.max_inventory, spread = p.spread,
      skew = p.skew, fast_move = p.fast_move, cooldown = p.cooldown, fair = 'microprice',
    }
  elseif id and now >= p.stop then
    local m = ctx:market_maker(id)
    ctx:stop_market(id)
    makers[bar.symbol] = nil
    ctx:log('info', string.format('%s %s: bought %d, sold %d, %d quote changes, %d pulls; holding %d',
      bar.symbol, os.date('!%Y-%m-%d', bar.time + 9 * 3600), m.bought, m.sold, m.refreshes, m.pulls, m.inventory))
    if m.inventory > 0 then ctx:sell(bar.symbol, m.inventory) end
  end
end

return strategy

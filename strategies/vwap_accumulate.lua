--- Builds a position a slice a day without moving the price: each morning it hands the host a
--- parent order for `daily_weight` of equity (until `max_weight` is held) and lets the VWAP
--- algorithm work it in children over the session, on the volume profile the host learned from
--- the symbol's minute bars. At the close it logs what the parent paid against the arrival
--- price and the interval VWAP. Run it on minute bars (`kumo data synth --timeframe 1m`).

local strategy = {
  name = 'vwap_accumulate',
  params = { daily_weight = 0.05, max_weight = 0.5, algo = 'vwap', finish = '15:00' },
  symbols = { '005930' },
  timeframe = '1m',
}

local day, parents = {}, {} -- symbol -> the day seen last, and today's parent id

local function date_of(time) return os.date('!%Y-%m-%d', time + 9 * 3600) end

function strategy.on_bar(ctx, bar)
  local today = date_of(bar.time)
  if day[bar.symbol] ~= today then
    day[bar.symbol] = today
    local held = ctx:position(bar.symbol).qty * bar.close
    local room = strategy.params.max_weight * ctx:equity() - held
    local qty = math.floor(math.min(strategy.params.daily_weight * ctx:equity(), room, 0.95 * ctx:buying_power()) / bar.close)
    if qty > 0 then
      local id, why = ctx:execute{ symbol = bar.symbol, side = 'buy', qty = qty, algo = strategy.params.algo, finish = strategy.params.finish }
      if id then parents[bar.symbol] = id else ctx:log('info', bar.symbol .. ': no parent today: ' .. why) end
    end
  end
  local id = parents[bar.symbol]
  if id and os.date('!%H:%M', bar.time + 9 * 3600) == '15:30' then
    local p = ctx:parent(id)
    ctx:log('info', string.format('%s %s: %d/%d %s, avg %.0f, shortfall %+.1f bp, vs interval VWAP %+.1f bp',
      today, bar.symbol, p.filled, p.qty, p.state, p.avg_price, p.shortfall_bp, p.slippage_bp))
    parents[bar.symbol] = nil
  end
end

return strategy

--- Ichimoku cloud breakout: buys when the close breaks out above the cloud with the
--- conversion line above the base line and the lagging span clear of past prices; exits when
--- the close falls back below the base line (kijun) or into the cloud.
local strategy = {
  name = 'cloud_breakout',
  params = { tenkan = 9, kijun = 26, senkou = 52, weight = 0.9 },
  symbols = { '005930', '000660' },
  timeframe = '1d',
}

local was_above_cloud = {} -- symbol -> boolean

--- Returns the top and bottom of the cloud drawn at the current bar, or nil while warming up.
local function cloud_edges(cloud)
  if not (cloud and cloud.senkou_a and cloud.senkou_b) then
    return nil
  end
  return math.max(cloud.senkou_a, cloud.senkou_b), math.min(cloud.senkou_a, cloud.senkou_b)
end

local function is_confirmed(cloud, bar)
  return cloud.tenkan ~= nil and cloud.kijun ~= nil and cloud.tenkan > cloud.kijun
    and cloud.chikou_vs_price == 'above'
    and bar.close > bar.open
end

function strategy.on_bar(ctx, bar)
  local p = strategy.params
  local cloud = ctx:ichimoku(bar.symbol, p.tenkan, p.kijun, p.senkou)
  local top, bottom = cloud_edges(cloud)
  if not top then
    return
  end
  local above = bar.close > top
  local position = ctx:position(bar.symbol)
  if position.qty == 0 then
    if above and was_above_cloud[bar.symbol] == false and is_confirmed(cloud, bar) then
      ctx:target_percent(bar.symbol, p.weight / #strategy.symbols)
    end
  elseif bar.close < cloud.kijun or bar.close < bottom then
    ctx:close(bar.symbol)
  end
  was_above_cloud[bar.symbol] = above
end

function strategy.snapshot()
  return { was_above_cloud = was_above_cloud }
end

function strategy.restore(state)
  was_above_cloud = (state and state.was_above_cloud) or {}
end

return strategy

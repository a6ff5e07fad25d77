--- Trades a reinforcement-learning agent from the registry: at each bar's close, asks the agent
--- (`ctx:act`, which passes it the strategy's position, cash and unrealised P&L) for a target
--- weight of equity and moves toward it at market. Train and promote one first:
---   kumo rl train ppo_daily --config strategies/agents/ppo_daily/rl.json
---   kumo ml promote ppo_daily 1
---   kumo backtest strategies/rl_agent.lua --model ppo_daily --param model=ppo_daily --data SYN0001
--- With several symbols, each gets an equal share of the weight.

local strategy = {
  name = 'rl_agent',
  params = { model = 'ppo_daily', min_change = 0.05 },
  symbols = { 'SYN0001' },
  timeframe = '1d',
}

local weights = {}

function strategy.init(ctx)
  local info = ctx:model(strategy.params.model)
  if info then ctx:log('info', string.format('%s v%d (%s)', strategy.params.model, info.version, info.stage)) end
end

function strategy.on_bar(ctx, bar)
  local weight, level, value = ctx:act(strategy.params.model, bar.symbol)
  if weight == nil then return end
  weight = weight / #strategy.symbols
  -- Small moves of the target are not worth their costs.
  local last = weights[bar.symbol]
  if last ~= nil and math.abs(weight - last) < strategy.params.min_change then return end
  weights[bar.symbol] = weight
  ctx:target_percent(bar.symbol, weight)
  if level ~= nil then ctx:log('debug', string.format('%s level %d, weight %.2f, value %.4f', bar.symbol, level, weight, value)) end
end

function strategy.snapshot() return { weights = weights } end

function strategy.restore(state) weights = state.weights or {} end

return strategy

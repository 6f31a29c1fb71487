-- spins
while true do end

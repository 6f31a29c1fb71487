function helper() calls = (calls or 0) + 1 return calls % 2 == 0 end

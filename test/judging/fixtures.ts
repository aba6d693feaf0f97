import type { Question } from '../../src/core/model';

/** Realistic questions with the organizers' gold answer and a plausible reference-model answer. */
export const CASES: { question: Question; reference: string; goodAnswer: string }[] = [
  {
    question: {
      id: 'fin-credit-score',
      category: 'personal finance',
      question: 'What is a credit score and why does it matter?',
      gold: 'A credit score is a number, typically between 300 and 850, that summarizes how reliably you have repaid debt. Lenders use it to decide whether to lend to you and at what interest rate, so a higher score means cheaper loans.',
    },
    reference:
      'A credit score is a three-digit number that lenders use to judge how risky it is to lend to you. It is built from your credit history: whether you pay bills on time, how much of your available credit you use, how long your accounts have been open and how often you apply for new credit. It matters because it affects whether you are approved for loans, mortgages and credit cards, and the interest rate you will pay.',
    goodAnswer:
      'A credit score is a number, usually from 300 to 850, summarizing how reliably you repay debt. Lenders use it to decide whether to lend and at what interest rate: a higher score gets cheaper loans.',
  },
  {
    question: {
      id: 'fin-emergency-fund',
      category: 'personal finance',
      question: 'What is an emergency fund and how big should it be?',
      gold: 'An emergency fund is money kept in an easily accessible savings account to cover unexpected costs such as job loss, medical bills or urgent repairs without borrowing. A common guideline is three to six months of essential living expenses.',
    },
    reference:
      'An emergency fund is a cash reserve set aside for unplanned expenses like a car repair or a sudden loss of income. Most financial planners suggest saving enough to cover three to six months of expenses, kept somewhere you can reach quickly, such as a high-yield savings account.',
    goodAnswer:
      'An emergency fund is money in an accessible savings account for unexpected costs such as job loss, medical bills or urgent repairs, so you need not borrow. Aim for three to six months of essential living expenses.',
  },
  {
    question: {
      id: 'fin-compound-interest',
      category: 'investing',
      question: 'Explain compound interest in two sentences.',
      gold: 'Compound interest is interest earned on both the original principal and the interest already added to it. Because each period’s interest earns interest in later periods, savings grow exponentially rather than linearly over time.',
    },
    reference:
      'Compound interest means you earn interest not just on the money you put in but also on the interest it has already earned. Over many years this snowball effect makes savings grow much faster than simple interest would.',
    goodAnswer:
      'Compound interest is interest earned on the original principal and on interest already added to it. Since each period’s interest earns interest later, savings grow exponentially over time.',
  },
  {
    question: {
      id: 'fin-index-fund',
      category: 'investing',
      question: 'What is an index fund?',
      gold: 'An index fund is a mutual fund or exchange-traded fund that holds the securities of a market index, such as the S&P 500, to match its performance rather than beat it. It offers broad diversification and usually has low fees because it is passively managed.',
    },
    reference:
      'An index fund is an investment fund that tracks a market index like the S&P 500 by buying the same stocks in the same proportions. Because it is passively managed, fees are typically low, and it gives investors broad diversification in a single purchase.',
    goodAnswer:
      'An index fund is a mutual fund or ETF holding the securities of a market index such as the S&P 500, aiming to match its performance. It gives broad diversification with low fees because it is passively managed.',
  },
];

import { mountPopup } from '../../components/popup/mount';
import { mountSubscriptions } from '../../components/subscriptions/mount';

mountPopup('options');
mountSubscriptions();
